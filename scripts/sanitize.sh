#!/usr/bin/env bash
# Builds and runs the tests under sanitizers, each mode in its own build folder:
#   asan  build-asan: AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer),
#         the whole ctest suite (the CLI the tests start is instrumented too)
#   tsan  build-tsan: ThreadSanitizer, the tests that run jobs on threads (job runner,
#         live feed, search) — H4H_TSAN_TESTS, a ctest -R regex, overrides the list
#   all   both (default)
# Extra arguments go to ctest (e.g. -R test_graph). Environment: H4H_JOBS (build and
# test parallelism, default: the number of cores), H4H_ASAN_BUILD / H4H_TSAN_BUILD
# (build folders), H4H_SANITIZE_BUILD_ONLY=1 (build, do not run).
# LibTorch, Qt and OpenBLAS are prebuilt and not instrumented: the reports they cause
# are suppressed by library name in scripts/sanitizers/ (see docs/robustness.md).
set -euo pipefail

H4H_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$H4H_ROOT/scripts/ccache_env.sh"
SUPP="$H4H_ROOT/scripts/sanitizers"
MODE="${1:-all}"
[ $# -gt 0 ] && shift
JOBS="${H4H_JOBS:-$(nproc)}"
TSAN_TESTS="${H4H_TSAN_TESTS:-^test_(ui_job_runner|search_job|ui_search_page|ui_training_page|cli_search)$}"

case "$MODE" in
  asan|tsan|all) ;;
  *) echo "usage: scripts/sanitize.sh [asan|tsan|all] [ctest arguments]" >&2; exit 2 ;;
esac

# Configure + build one mode; prints the seconds it took.
build_mode() {
  local dir="$1" sanitize="$2" start
  start=$(date +%s)
  cmake -S "$H4H_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DH4H_SANITIZE=$sanitize" >/dev/null
  cmake --build "$dir" -j"$JOBS"
  echo "sanitize: built $dir in $(( $(date +%s) - start )) s" >&2
}

run_ctest() {
  local dir="$1" start status=0
  shift
  start=$(date +%s)
  (cd "$dir" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$JOBS" --timeout 3600 "$@") || status=$?
  echo "sanitize: ran the tests in $dir in $(( $(date +%s) - start )) s (status $status)" >&2
  return $status
}

status=0
if [ "$MODE" = asan ] || [ "$MODE" = all ]; then
  dir="${H4H_ASAN_BUILD:-$H4H_ROOT/build-asan}"
  build_mode "$dir" "address;undefined"
  if [ "${H4H_SANITIZE_BUILD_ONLY:-0}" != 1 ]; then
    # detect_leaks: LeakSanitizer runs at exit (suppressions name the libraries);
    # new_delete_type_mismatch is off for LibTorch's sized deletes of its own types.
    export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=0:check_initialization_order=1:strict_init_order=0:detect_odr_violation=0:new_delete_type_mismatch=0:abort_on_error=0:halt_on_error=1:print_summary=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$SUPP/ubsan.supp"
    export LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0"
    run_ctest "$dir" "$@" || status=1
    unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
  fi
fi
if [ "$MODE" = tsan ] || [ "$MODE" = all ]; then
  dir="${H4H_TSAN_BUILD:-$H4H_ROOT/build-tsan}"
  build_mode "$dir" "thread"
  if [ "${H4H_SANITIZE_BUILD_ONLY:-0}" != 1 ]; then
    # Threads: the engine's own (H4H_THREADS) stay as the tests set them; LibTorch's
    # OpenMP pool is held to one thread (libgomp is not instrumented).
    export TSAN_OPTIONS="suppressions=$SUPP/tsan.supp:halt_on_error=1:second_deadlock_stack=1:history_size=4:report_signal_unsafe=0"
    export OMP_NUM_THREADS=1
    args=("$@")
    [ ${#args[@]} -eq 0 ] && args=(-R "$TSAN_TESTS")
    # ThreadSanitizer needs its fixed memory layout: on kernels with many random mmap
    # bits (vm.mmap_rnd_bits > 28) it cannot start unless address randomisation is off.
    launcher=()
    if command -v setarch >/dev/null && setarch "$(uname -m)" -R true 2>/dev/null; then
      launcher=(setarch "$(uname -m)" -R)
    fi
    (cd "$dir" && QT_QPA_PLATFORM=offscreen "${launcher[@]}" ctest --output-on-failure -j"$JOBS" \
        --timeout 3600 "${args[@]}") || status=1
    echo "sanitize: tsan tests done (status $status)" >&2
  fi
fi
exit $status
