#!/bin/sh
# cost_bound.sh BENCH VALGRIND MAX_RATIO — fails when some stanza shape (stanza_shapes.c), at
# 64 KiB or at the largest size the core parses (STANZA_MAX_PARSED_BYTES), costs more than
# MAX_RATIO times the instructions of the normal online XML answer. Instructions are
# counted by callgrind inside measured_resolve() (resolve_bench.c): deterministic, whatever
# the machine's load. Prints one line per shape and size.
set -eu
bench=$1 valgrind=$2 max_ratio=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

instructions() {  # instructions SHAPE BYTES: per call, over 2 measured calls
  if ! "$valgrind" --tool=callgrind --callgrind-out-file="$work/out" --collect-atstart=no \
      --toggle-collect=measured_resolve "$bench" shape "$1" 2 "$2" >"$work/stdout" 2>"$work/log"; then
    cat "$work/log" >&2
    exit 1
  fi
  awk '/^totals:/ {printf "%d\n", $2 / 2}' "$work/out"
}

normal=$(instructions normal 65536)
parsed=$("$bench" parsed-limit)
echo "normal online XML answer: $normal instructions; limit ${max_ratio}x; stanzas parsed up to $parsed bytes"
failures=0
for shape in $("$bench" shapes); do
  for bytes in 65536 "$parsed"; do
    count=$(instructions "$shape" "$bytes")
    verdict=$(awk -v c="$count" -v n="$normal" -v m="$max_ratio" \
      'BEGIN {printf "%.2fx %s", c / n, (c > m * n ? "OVER" : "ok")}')
    printf '%-30s %6s bytes %10s instructions %s\n' "$shape" "$bytes" "$count" "$verdict"
    case $verdict in *OVER) failures=$((failures + 1)) ;; esac
  done
done
[ "$failures" -eq 0 ] || { echo "$failures shape(s) over ${max_ratio}x the normal answer"; exit 1; }
