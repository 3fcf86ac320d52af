#!/usr/bin/env bash
# Set up, build, and run the whole test suite through ctest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

cd "$H4H_BUILD"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j2 --timeout 900 "$@"
