#!/usr/bin/env bash
# The main job: set up, build, then open the demo project in the studio, or, on a
# machine without a display, run the headless pipeline on it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

cd "$H4H_ROOT"
PROJECT="${1:-projects/demo.h4h}"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$H4H_BUILD/app/h4h-studio" "$PROJECT"
fi
echo "No display: running the headless pipeline on $PROJECT" >&2
"$H4H_BUILD/app/h4h" validate "$PROJECT"
"$H4H_BUILD/app/h4h" space "$PROJECT"
"$H4H_BUILD/app/h4h" layers "$PROJECT" --arch max > "$H4H_BUILD/demo_layers.csv"
echo "Layer table of the max arch: $H4H_BUILD/demo_layers.csv" >&2
