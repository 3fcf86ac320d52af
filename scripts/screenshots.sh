#!/usr/bin/env bash
# Renders a screenshot of every studio tab (and of the Schedule tab's views) into
# docs/screenshots/ under a virtual X server, from a real demo run: the project that
# scripts/demo.sh's headless pipeline leaves in build/demo/ (trained supernet, search with
# accuracy, chosen and scheduled arch), run first when missing (about 20 minutes on 2
# cores), with the system study added so the Studies tab has a table and plots.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default: $H4H_BUILD or ./build; built if missing)
#   H4H_SCREENSHOT_FAST=1          no demo run: a hardware-only search on a copy (about a minute)
#   H4H_SCREENSHOT_PROJECT=FILE    use this project (with results) as it is: no preparation
#   H4H_SCREENSHOT_KEEP=DIR        keep the prepared project in DIR
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-${H4H_BUILD:-$ROOT/build}}"
if [ ! -x "$BUILD/app/h4h-studio" ] || [ ! -x "$BUILD/app/h4h" ]; then
  H4H_BUILD="$BUILD" source "$ROOT/scripts/setup.sh"
fi
H4H="$BUILD/app/h4h"
STUDIO="$BUILD/app/h4h-studio"
OUT="$ROOT/docs/screenshots"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export H4H_THREADS="${H4H_THREADS:-2}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"

PROJECT="${H4H_SCREENSHOT_PROJECT:-}"
if [ -z "$PROJECT" ]; then
  PROJECT="$WORK/demo.h4h"
  if [ -n "${H4H_SCREENSHOT_FAST:-}" ]; then
    cp "$ROOT/projects/demo.h4h" "$PROJECT"
    echo "screenshots: a short hardware-only search…" >&2
    "$H4H" search "$PROJECT" --generations 6 --population 16 --seed 3 --objectives latency,energy --quiet
  else
    DEMO="$BUILD/demo/demo.h4h"
    if ! grep -q '"selected": "r' "$DEMO" 2>/dev/null; then
      echo "screenshots: running the demo's headless pipeline first (scripts/demo.sh)…" >&2
      env -u DISPLAY -u WAYLAND_DISPLAY H4H_BUILD="$BUILD" bash "$ROOT/scripts/demo.sh"
    fi
    # A copy: the study and the studio's selection never touch the demo's own results.
    cp -r "$BUILD/demo/demo.h4h" "$BUILD/demo/demo.h4h.d" "$WORK"/ 2>/dev/null || cp "$DEMO" "$PROJECT"
  fi
  echo "screenshots: the system study (so the Studies tab has a table and plots)…" >&2
  "$H4H" study "$PROJECT" system --quiet ||
    echo "screenshots: the study failed; the Studies tab will show no study" >&2
  if [ -n "${H4H_SCREENSHOT_KEEP:-}" ]; then
    mkdir -p "$H4H_SCREENSHOT_KEEP"
    cp -r "$WORK"/demo.h4h* "$H4H_SCREENSHOT_KEEP"/
  fi
fi

mkdir -p "$OUT"
rm -f "$OUT"/[0-9][0-9]_*.png
echo "screenshots: rendering the tabs of $PROJECT into $OUT" >&2
xvfb-run -a -s "-screen 0 1600x1000x24" "$STUDIO" "$PROJECT" --screenshot-dir "$OUT"
ls -1 "$OUT"/*.png
