#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) into build-fuzz/ and
# runs each for SECONDS_PER_TARGET seconds (default 60), seeded from the bundled projects,
# presets and generated sample files. Prints each target's executions; exits non-zero
# when any target finds a crash, a leak, a timeout or a sanitizer report (the input that
# caused it is kept in build-fuzz/artifacts/TARGET/).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# A longer run: see docs/robustness.md.
set -euo pipefail

H4H_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$H4H_ROOT/scripts/ccache_env.sh"
FUZZ_BUILD="${H4H_FUZZ_BUILD:-$H4H_ROOT/build-fuzz}"
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(fuzz_project fuzz_space fuzz_arch fuzz_measured_table
                                     fuzz_topology fuzz_vela_csv fuzz_idx fuzz_cifar fuzz_image)
JOBS="${H4H_FUZZ_JOBS:-$(nproc)}"

# clang and its runtime libraries (libFuzzer, sanitizers): only what is missing.
FUZZ_PACKAGES=(clang libclang-rt-dev cmake ninja-build nlohmann-json3-dev zlib1g-dev libjpeg62-turbo-dev libpng-dev
               python3)
missing=()
for pkg in "${FUZZ_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "h4h fuzz: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f "$FUZZ_BUILD/build.ninja" ]; then
  cmake -S "$H4H_ROOT" -B "$FUZZ_BUILD" -G Ninja -DH4H_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ >&2
fi
cmake --build "$FUZZ_BUILD" -j"$JOBS" --target "${TARGETS[@]}" >&2

# Seed corpora, generated from the bundled files (nothing binary is committed).
SEEDS="$FUZZ_BUILD/seeds"
rm -rf "$SEEDS"
python3 "$H4H_ROOT/fuzz/make_seeds.py" "$H4H_ROOT" "$SEEDS"

status=0
summary=()
for target in "${TARGETS[@]}"; do
  corpus="$FUZZ_BUILD/corpus/$target"
  artifacts="$FUZZ_BUILD/artifacts/$target"
  log="$FUZZ_BUILD/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  echo "h4h fuzz: $target for ${SECONDS_PER_TARGET}s" >&2
  set +e
  "$FUZZ_BUILD/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$corpus" "$SEEDS/$target" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
  secs="$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || true)"
  if [ $rc -eq 0 ]; then
    result="ok"
  else
    result="FAILED (exit $rc; see $log and $artifacts)"
    status=1
    grep -m5 -E 'ERROR|runtime error|SUMMARY|deadly signal|timeout|out-of-memory' "$log" >&2 || true
  fi
  summary+=("$(printf '%-22s %12s executions in %5ss  corpus %5s files  %s' "$target" "${execs:-?}" \
                "${secs:-?}" "$(ls "$corpus" | wc -l)" "$result")")
done
printf '%s\n' "${summary[@]}"
exit $status
