#!/usr/bin/env bash
# Renders a screenshot of every studio tab into docs/screenshots/ under a virtual X
# server: a copy of the demo project gets a short training run (so the Training tab has
# curves and the search an accuracy objective), a short search (so the Search and
# Schedule tabs have results) and the system study (the Studies tab's table and
# plots), then h4h-studio shows each tab and saves it.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default: $H4H_BUILD or ./build; built if missing)
#   H4H_SCREENSHOT_FAST=1          no training: a hardware-only search (about a minute)
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
  cp "$ROOT/projects/demo.h4h" "$PROJECT"
  objectives="latency,energy"
  if [ -z "${H4H_SCREENSHOT_FAST:-}" ]; then
    echo "screenshots: a short two-phase training run of the demo supernet (a few minutes)…" >&2
    if "$H4H" train "$PROJECT" --recipe tpi-freeze --epochs 2,2 --steps-per-epoch 40 \
         --eval-batches 8 --quiet; then
      objectives="accuracy,latency,energy"
    else
      echo "screenshots: training failed; searching hardware objectives only" >&2
    fi
  fi
  echo "screenshots: a short search ($objectives; with accuracy, several minutes)…" >&2
  "$H4H" search "$PROJECT" --generations 6 --population 16 --seed 3 \
    --objectives "$objectives" --quiet
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
