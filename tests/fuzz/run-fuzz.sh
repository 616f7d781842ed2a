#!/bin/bash
# run-fuzz.sh [SECONDS] — fuzzes the packed codec and the C core (allocation-failure build) with
# libFuzzer for SECONDS (default 60).
#
#   tests/fuzz/run-fuzz.sh 60       # what CI runs (scripts/test.sh stage "fuzz")
#   tests/fuzz/run-fuzz.sh 1800     # a longer local run
#
# Builds tests/fuzz/presence_fuzz with clang into build/fuzz (the core and the target with
# -fsanitize=fuzzer,address,undefined; LeakSanitizer is on), copies the seed corpus
# tests/fuzz/corpus/ to a temporary working corpus (the committed seeds are never changed),
# runs the target with the dictionary tests/fuzz/presence.dict, then prints the number of
# executions and the duration. Exits non-zero on any crash, invariant violation, leak,
# timeout, out-of-memory or sanitizer report; the offending input is kept in
# build/fuzz/artifacts/ and the full log in build/fuzz/fuzz.log.
# Replay one input:  build/fuzz/tests/fuzz/presence_fuzz build/fuzz/artifacts/crash-...
# Installs nothing: clang and libclang-rt-14-dev come from scripts/install-deps.sh.
set -euo pipefail
SECONDS_TO_RUN=${1:-60}
case $SECONDS_TO_RUN in ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/build/fuzz
ARTIFACTS=$BUILD/artifacts
LOG=$BUILD/fuzz.log
# Inputs up to 96 KiB: a stanza at its 64 KiB limit (and one byte over) with every other field and
# the input's own header; the seeds of large hostile stanzas need it (longer seeds would be cut).
MAX_LEN=98304

CC=clang cmake -S "$ROOT" -B "$BUILD" -DPRESENCE_FUZZ=ON -DPRESENCE_JNI=OFF -DPRESENCE_TESTS=OFF \
  -DPRESENCE_FAULT_INJECTION=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j2 --target presence_fuzz
FUZZER=$(find "$BUILD" -type f -name presence_fuzz -perm -u+x | head -n 1)
[ -n "$FUZZER" ] || { echo "run-fuzz: presence_fuzz was not built" >&2; exit 1; }

WORK_CORPUS=$(mktemp -d /tmp/presence-fuzz-corpus.XXXXXX)
trap 'rm -rf "$WORK_CORPUS"' EXIT
cp "$ROOT"/tests/fuzz/corpus/* "$WORK_CORPUS"/
mkdir -p "$ARTIFACTS"

echo "run-fuzz: fuzzing for $SECONDS_TO_RUN s with $(ls "$WORK_CORPUS" | wc -l) seeds (log: $LOG)"
start=$(date +%s.%N)
set +e
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
"$FUZZER" "$WORK_CORPUS" -dict="$ROOT/tests/fuzz/presence.dict" \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=$MAX_LEN \
  -print_final_stats=1 -artifact_prefix="$ARTIFACTS/" >"$LOG" 2>&1
status=$?
set -e
end=$(date +%s.%N)

executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOG" | tail -n 1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$LOG" | tail -n 1)
duration=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
echo "run-fuzz: ${executions:-?} executions in $duration s (${rate:-?}/s), corpus now $(ls "$WORK_CORPUS" | wc -l) inputs"

if [ $status -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|invariant violated' "$LOG"; then
  echo "run-fuzz: FAILED (exit $status); last lines of $LOG:" >&2
  grep -E 'invariant violated|ERROR:|runtime error:|SUMMARY' "$LOG" | head -n 20 >&2 || true
  echo "run-fuzz: inputs kept in $ARTIFACTS:" >&2
  ls -1 "$ARTIFACTS" >&2 || true
  exit 1
fi
echo "run-fuzz: no crash, leak or sanitizer report"
