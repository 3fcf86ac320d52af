#!/usr/bin/env bash
# Regenerates the golden files in tests/data/golden/ from the current build, for when a
# model changes on purpose: builds h4h and the golden test, rewrites the files, and
# shows what moved. Review `git diff tests/data/golden` before committing it.
# Usage: scripts/regen_golden.sh [BUILD_DIR]   (default: build)
set -euo pipefail
H4H_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$H4H_ROOT/build}"
source "$H4H_ROOT/scripts/ccache_env.sh"
cmake --build "$BUILD" --target h4h test_cli_golden
H4H_REGENERATE_GOLDEN=1 H4H_THREADS=1 QT_QPA_PLATFORM=offscreen "$BUILD/tests/test_cli_golden"
git -C "$H4H_ROOT" diff --stat -- tests/data/golden
