#!/usr/bin/env bash
# The main job: set up, build, then open the demo project in the studio, or, on a
# machine without a display, run the headless pipeline (train, search, schedule,
# report) on it. The bundled project is copied to build/demo/ first so that results
# and checkpoints never touch the repository's file; a second run reuses them.
set -euo pipefail
H4H_BUILD_TARGETS="h4h h4h-studio" source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

cd "$H4H_ROOT"
SOURCE_PROJECT="${1:-projects/demo.h4h}"
WORK="$H4H_BUILD/demo"
PROJECT="$WORK/$(basename "$SOURCE_PROJECT")"
mkdir -p "$WORK"
[ -f "$PROJECT" ] || cp "$SOURCE_PROJECT" "$PROJECT"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$H4H_BUILD/app/h4h-studio" "$PROJECT"
fi
echo "No display: running the headless pipeline on $PROJECT" >&2
"$H4H_BUILD/app/h4h" run "$PROJECT" --out "$WORK/report" --resume
echo "Report: $WORK/report/summary.md" >&2
