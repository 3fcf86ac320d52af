# Sourced by setup.sh, fuzz.sh and sanitize.sh (after H4H_ROOT is set). Lets a checkout
# in any folder reuse the compiler cache another checkout filled: paths under the
# checkout are hashed relative to it, the build folder is not hashed into objects with
# debug information (the sanitizer builds), and the precompiled LibTorch header is
# cacheable (ccache skips precompiled headers without this sloppiness).
export CCACHE_BASEDIR="$H4H_ROOT"
export CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
