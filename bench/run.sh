#!/bin/bash
# bench/run.sh — measures presence.jar and regenerates bench/RESULTS.md (issue 5):
#   1. core: CPU ns/call (median of runs), instructions/call (callgrind), mallocs/call per scenario
#   2. JNI:  PresenceCore.resolve (Java → core → Java) against do-nothing JNI calls, same JVM
#   3. HTTP: wrk against the plugin host, each answer next to the same bytes as a static file
#   4. memory: the host's RSS (and JVM NMT) after two request counts; the core under memcheck
#
#   bench/run.sh            full run, 6–10 minutes on 2 CPUs (issue budget: 15)
#   QUICK=1 bench/run.sh    smoke run, about 1.5 minutes (short runs: numbers are rough)
#
# Settings (environment): PARTS="core jni http memory", HTTP_SECONDS=20, HTTP_WARMUP_SECONDS=5,
# WRK_THREADS=2, WRK_CONNECTIONS=32, MEMORY_REQUESTS="100000 1000000", MEMCHECK_CALLS (same),
# CORE_MILLISECONDS=100, CORE_RUNS=7, GRIND_CALLS=1000, JNI_CALLS=1000000, JNI_ROUNDS=11,
# PORT=19390, BENCH_JID=alice@example.com (a public, online user of tests/host/demo-directory.json),
# HOST_JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary",
# SKIP_BUILD=1 (use the existing build/presence.jar and host). Not part of scripts/test.sh; it only
# reports and never asserts a timing. Work files: build/bench, build/bench-native.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  : "${HTTP_SECONDS:=3}" "${HTTP_WARMUP_SECONDS:=1}" "${MEMORY_REQUESTS:=10000 100000}"
  : "${MEMCHECK_CALLS:=2000 20000}" "${CORE_MILLISECONDS:=10}" "${CORE_RUNS:=3}"
  : "${JNI_CALLS:=200000}" "${JNI_ROUNDS:=5}"
fi
PARTS=${PARTS:-"core jni http memory"}
HTTP_SECONDS=${HTTP_SECONDS:-20}
HTTP_WARMUP_SECONDS=${HTTP_WARMUP_SECONDS:-5}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
MEMORY_REQUESTS=${MEMORY_REQUESTS:-"100000 1000000"}
MEMCHECK_CALLS=${MEMCHECK_CALLS:-$MEMORY_REQUESTS}
CORE_MILLISECONDS=${CORE_MILLISECONDS:-100}
CORE_RUNS=${CORE_RUNS:-7}
GRIND_CALLS=${GRIND_CALLS:-1000}
JNI_CALLS=${JNI_CALLS:-1000000}
JNI_ROUNDS=${JNI_ROUNDS:-11}
PORT=${PORT:-19390}
SKIP_BUILD=${SKIP_BUILD:-0}
# A fixed, pre-touched heap: RSS then shows native growth instead of the heap's resizing.
HOST_JAVA_OPTS=${HOST_JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"}

OUT=$ROOT/build/bench
RAW=$OUT/raw
NATIVE=$ROOT/build/bench-native
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
export JAVA_HOME
HOST_PID=""

log() { echo "bench: $*" >&2; }

# ---- build -------------------------------------------------------------------------------
build_native() {  # the core and the JNI library, Release, in build/bench-native; the bench tools
  log "building the core (Release) in $NATIVE"
  cmake -S . -B "$NATIVE" -DCMAKE_BUILD_TYPE=Release -DPRESENCE_TESTS=OFF >"$OUT/cmake.log"
  cmake --build "$NATIVE" -j2 --target presence_core presence_jni >>"$OUT/cmake.log"
  cc -O2 -std=c11 -Wall -Wextra -Werror -Inative/core bench/core_bench.c \
    "$NATIVE/native/core/libpresence_core.a" $(pkg-config --libs libxml-2.0) -pthread -o "$OUT/core_bench"
  cc -O2 -std=c11 -Wall -Wextra -Werror -DCOUNT_ALLOCATIONS -Inative/core bench/core_bench.c \
    "$NATIVE/native/core/libpresence_core.a" $(pkg-config --libs libxml-2.0) -pthread -o "$OUT/core_bench_allocations"
  cc -O2 -std=c11 -Wall -Wextra -Werror -shared -fPIC -I"$JAVA_HOME/include" \
    -I"$JAVA_HOME/include/linux" bench/noop_jni.c -o "$OUT/libnoop_jni.so"
}

build_jar_and_host() {  # the plugin and the host, exactly as scripts/test.sh builds them
  if [ "$SKIP_BUILD" = 1 ]; then
    log "SKIP_BUILD=1: using the existing build/presence.jar and plugin host"
  else
    log "building build/presence.jar and the plugin host (ant)"
    ant -q jar >"$OUT/ant.log" 2>&1 && ant -q -f tests/host/build.xml >>"$OUT/ant.log" 2>&1 ||
      { tail -20 "$OUT/ant.log"; return 1; }
  fi
  [ -f build/presence.jar ] || { log "build/presence.jar is missing"; return 1; }
}

# ---- 1. core -----------------------------------------------------------------------------
memcheck_mix() {  # CALLS: "allocs frees bytes_allocated in_use_bytes in_use_blocks definitely_lost"
  valgrind --leak-check=full "$OUT/core_bench" mix "$1" 2>&1 >/dev/null | tr -d , | awk '
    /in use at exit:/ {use = $(NF-4); blocks = $(NF-1)}
    /total heap usage:/ {allocs = $(NF-6); frees = $(NF-4); bytes = $(NF-2)}
    /definitely lost:/ {lost = $(NF-4)}
    END {print allocs, frees, bytes, use, blocks, (lost == "" ? 0 : lost)}'
}

core_part() {
  log "core: scenarios"
  "$OUT/core_bench" list >"$RAW/core-list.tsv"
  log "core: ns per call (${CORE_MILLISECONDS} ms x ${CORE_RUNS} runs per scenario)"
  "$OUT/core_bench" time "$CORE_MILLISECONDS" "$CORE_RUNS" >"$RAW/core-time.tsv"
  log "core: instructions per call (callgrind, $GRIND_CALLS calls per scenario) and allocations per call"
  rm -f "$OUT"/callgrind.out*
  valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" --collect-atstart=no \
    --toggle-collect=presence_resolve --toggle-collect=presence_response_release \
    --toggle-collect=bench_empty_call "$OUT/core_bench" grind "$GRIND_CALLS" >"$OUT/grind-calls.tsv" 2>"$OUT/callgrind.log"
  local part
  for part in "$OUT"/callgrind.out.*; do  # one dump per scenario: its name and its instruction total
    awk '/^desc: Trigger:/ {sub(/.*Client Request: /, ""); name = $0} /^totals:/ {print name "\t" $2}' "$part"
  done | sort >"$OUT/grind-totals.tsv"
  # name, calls, instructions in those calls
  join -t "$(printf '\t')" <(sort "$OUT/grind-calls.tsv") "$OUT/grind-totals.tsv" >"$RAW/core-instructions.tsv"
  "$OUT/core_bench_allocations" allocations "$GRIND_CALLS" >"$RAW/core-allocations.tsv"
}

# ---- 2. JNI ------------------------------------------------------------------------------
jni_part() {
  log "JNI: PresenceCore.resolve against do-nothing natives (${JNI_CALLS} calls x ${JNI_ROUNDS} rounds)"
  rm -rf "$OUT/jni" && mkdir -p "$OUT/jni/plugin" "$OUT/jni/classes"
  (cd "$OUT/jni/plugin" && unzip -q "$ROOT/build/presence.jar")
  local classpath="$OUT/jni/classes" jar  # the bench classes and the shim jar(s) inside presence.jar
  for jar in "$OUT"/jni/plugin/lib/*.jar; do [ -f "$jar" ] && classpath="$classpath:$jar"; done
  javac --release 17 -d "$OUT/jni/classes" bench/JniBench.java bench/Noop.java
  java -Xms256m -Xmx256m -cp "$classpath" bench.JniBench "$NATIVE/native/jni/libpresence.so" \
    "$OUT/libnoop_jni.so" "$JNI_CALLS" "$JNI_ROUNDS" >"$RAW/jni.tsv"
}

# ---- the plugin host -----------------------------------------------------------------------
HOME_DIR=$OUT/host-home
STATIC_DIR=$OUT/static
DIRECTORY=$ROOT/tests/host/demo-directory.json
BASE=http://127.0.0.1:$PORT
# Who is asked for: an online user (with a caps child element) of the demo directory, whose
# plugin.presence.public is true.
BENCH_JID=${BENCH_JID:-alice@example.com}
declare -A PLUGIN_PATHS  # kind → the plugin's path
declare -A STATIC_FILES  # kind → the static twin, holding the plugin's exact body bytes
STATIC_FILES=([image]=image.png [text]=text.txt [xml]=presence.xml [redirect]=redirect-body.txt)

start_host() {  # starts the host with presence.jar and the static directory; waits until it listens
  rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR" "$STATIC_DIR"
  PRESENCE_HOST_JAVA_OPTS="$HOST_JAVA_OPTS" \
    tests/host/presence-host --port "$PORT" --directory "$DIRECTORY" --home "$HOME_DIR" \
    --plugin "$ROOT/build/presence.jar" --static-dir "$STATIC_DIR" >"$OUT/host.log" 2>&1 &
  HOST_PID=$!
  local i
  for i in $(seq 1 300); do
    grep -q "presence-host: listening on" "$OUT/host.log" && return 0
    kill -0 "$HOST_PID" 2>/dev/null || { tail -20 "$OUT/host.log"; return 1; }
    sleep 0.2
  done
  log "the host did not start in 60 s"; tail -20 "$OUT/host.log"; return 1
}

stop_host() {
  if [ -n "$HOST_PID" ] && kill -0 "$HOST_PID" 2>/dev/null; then
    kill "$HOST_PID" 2>/dev/null || true
    wait "$HOST_PID" 2>/dev/null || true
  fi
  HOST_PID=""
}

choose_paths() {  # the four requests; their answers become the static twins
  local q="/plugins/presence/status?jid=${BENCH_JID//@/%40}"
  PLUGIN_PATHS[image]="$q"
  PLUGIN_PATHS[text]="$q&type=text"
  PLUGIN_PATHS[xml]="$q&type=xml"
  PLUGIN_PATHS[redirect]="$q&images=https%3A%2F%2Fexample.com%2Ficons%2F--IMAGE--.png"
  echo "$BENCH_JID" >"$RAW/http-jid.txt"
  : >"$RAW/http-answers.tsv"
  local kind file code static_code same
  for kind in image text xml redirect; do  # the plugin's exact body bytes, saved as the static file
    file=$STATIC_DIR/${STATIC_FILES[$kind]}
    code=$(curl -s -o "$file" -w '%{http_code}' "$BASE${PLUGIN_PATHS[$kind]}")
    static_code=$(curl -s -o "$OUT/static-check" -w '%{http_code}' "$BASE/static/${STATIC_FILES[$kind]}")
    same=no
    cmp -s "$file" "$OUT/static-check" && same=yes
    printf '%s\t%s\t%s\t%s\t%s\n' "$kind" "$code" "$(stat -c %s "$file")" "$static_code" "$same" \
      >>"$RAW/http-answers.tsv"
  done
}

host_cpu_ticks() { awk '{print $14 + $15}' "/proc/$HOST_PID/stat"; }  # user + system, clock ticks
host_gc() { jstat -gc "$HOST_PID" | awk 'NR == 2 {print $13 + $15, $19}'; }  # "collections seconds"

run_wrk() {  # LABEL SECONDS PATH: one wrk run; unless a warm-up, appends to http.tsv:
  #          LABEL, wrk's WRK fields, the host's CPU seconds, GC collections and GC seconds in the run
  local label=$1 seconds=$2 path=$3 line ticks_before ticks_after gc_before gc_after
  ticks_before=$(host_cpu_ticks) gc_before=$(host_gc)
  line=$(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --latency \
    -s bench/wrk-report.lua "$BASE$path" | grep '^WRK' || true)
  ticks_after=$(host_cpu_ticks) gc_after=$(host_gc)
  [ "$label" = warm-up ] || printf '%s\t%s\t%s\n' "$label" "${line#WRK	}" "$(awk -v t=$((ticks_after - ticks_before)) \
    -v hz="$(getconf CLK_TCK)" -v before="$gc_before" -v after="$gc_after" 'BEGIN {
      split(before, b, " "); split(after, a, " "); print t / hz "\t" a[1] - b[1] "\t" a[2] - b[2]}')" >>"$RAW/http.tsv"
}

http_part() {
  log "HTTP: wrk ${WRK_THREADS} threads x ${WRK_CONNECTIONS} connections, ${HTTP_SECONDS} s after ${HTTP_WARMUP_SECONDS} s warm-up"
  start_host
  choose_paths
  : >"$RAW/http.tsv"
  local kind
  for kind in image text xml redirect; do  # static first, then the plugin, each after a warm-up
    run_wrk warm-up "$HTTP_WARMUP_SECONDS" "/static/${STATIC_FILES[$kind]}"
    run_wrk "$kind	static" "$HTTP_SECONDS" "/static/${STATIC_FILES[$kind]}"
    run_wrk warm-up "$HTTP_WARMUP_SECONDS" "${PLUGIN_PATHS[$kind]}"
    run_wrk "$kind	plugin" "$HTTP_SECONDS" "${PLUGIN_PATHS[$kind]}"
  done
  stop_host
}

# ---- 4. memory ---------------------------------------------------------------------------
host_memory() {  # REQUESTS: appends the host's memory figures to memory.tsv (the launcher execs java)
  local pid=$HOST_PID nmt=$OUT/nmt-$1.txt
  jcmd "$pid" VM.native_memory summary >"$nmt" 2>&1 || true
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" \
    "$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")" "$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")" \
    "$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status")" \
    "$(awk '/^Total:/ {sub(/.*committed=/, ""); sub(/KB.*/, ""); print; exit}' "$nmt")" \
    "$(awk '$1 == "malloc:" {sub(/KB/, "", $2); print $2; exit}' "$nmt")" \
    "$(awk '/Java Heap \(/ {sub(/.*committed=/, ""); sub(/KB.*/, ""); print; exit}' "$nmt")" >>"$RAW/memory.tsv"
}

wrk_count() {  # REQUESTS: sends about REQUESTS requests (rotating image/text/xml/redirect); prints
  #            the count wrk completed (it stops waiting after WRK_COUNT_LIMIT_SECONDS, default 1800)
  local total=$1 per_thread marker=$OUT/wrk-marker deadline=$((SECONDS + ${WRK_COUNT_LIMIT_SECONDS:-1800}))
  per_thread=$(( (total + WRK_THREADS - 1) / WRK_THREADS ))
  rm -f "$marker".*
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d3600s -s bench/wrk-count.lua "$BASE/" -- "$per_thread" \
    "$marker" "${PLUGIN_PATHS[image]}" "${PLUGIN_PATHS[text]}" "${PLUGIN_PATHS[xml]}" \
    "${PLUGIN_PATHS[redirect]}" >"$OUT/wrk-count.out" 2>&1 &
  local wrk_pid=$!
  while [ "$(ls "$marker".* 2>/dev/null | wc -l)" -lt "$WRK_THREADS" ] && kill -0 "$wrk_pid" 2>/dev/null &&
        [ $SECONDS -lt $deadline ]; do
    sleep 0.2
  done
  kill -INT "$wrk_pid" 2>/dev/null || true  # wrk prints its results on SIGINT
  wait "$wrk_pid" || true
  grep '^WRK' "$OUT/wrk-count.out" | cut -f2 || true
}

memory_part() {
  log "memory: host RSS after ${MEMORY_REQUESTS// / and } requests; core under memcheck after ${MEMCHECK_CALLS// / and } calls"
  : >"$RAW/memory.tsv"
  start_host
  choose_paths
  host_memory 0
  local done_so_far=0 target sent
  for target in $MEMORY_REQUESTS; do
    sent=$(wrk_count $((target - done_so_far)))
    done_so_far=$((done_so_far + ${sent:-0}))
    host_memory "$done_so_far"
  done
  stop_host
  : >"$RAW/memcheck.tsv"
  local calls
  for calls in $MEMCHECK_CALLS; do
    printf '%s\t%s\n' "$calls" "$(memcheck_mix "$calls" | tr ' ' '\t')" >>"$RAW/memcheck.tsv"
  done
  "$OUT/core_bench" mix "$(echo "$MEMCHECK_CALLS" | awk '{print $NF}')" >"$RAW/core-mallinfo.tsv"
}

# ---- main --------------------------------------------------------------------------------
mkdir -p "$OUT" "$RAW"
rm -f "$RAW"/*
start=$SECONDS
{
  echo -e "date\t$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo -e "commit\t$(git rev-parse --short HEAD 2>/dev/null || echo none)$(git status --porcelain 2>/dev/null | grep -q . && echo ' (with uncommitted changes)')"
  echo -e "cpus\t$(nproc)"
  echo -e "cpu\t$(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')"
  echo -e "kernel\t$(uname -sr)"
  echo -e "java\t$(java -version 2>&1 | head -1)"
  echo -e "wrk\t$(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo '?')"
  echo -e "mode\t$([ "$QUICK" = 1 ] && echo 'QUICK=1 smoke run (short runs: rough numbers)' || echo full)"
  echo -e "settings\tcore ${CORE_MILLISECONDS} ms x ${CORE_RUNS} runs; JNI ${JNI_CALLS} calls x ${JNI_ROUNDS} rounds; wrk ${WRK_THREADS} threads x ${WRK_CONNECTIONS} connections, ${HTTP_SECONDS} s after ${HTTP_WARMUP_SECONDS} s warm-up; memory at ${MEMORY_REQUESTS} requests; host JVM: ${HOST_JAVA_OPTS}"
} >"$RAW/machine.tsv"

build_native
case " $PARTS " in
  *" jni "*|*" http "*|*" memory "*)  # these parts need the plugin jar (and the host)
    build_jar_and_host || { log "the build failed: only the core part runs"; PARTS=$(echo " $PARTS " | grep -o ' core ' || true); } ;;
esac
for part in $PARTS; do
  case $part in core|jni|http|memory) ;; *) log "unknown part $part (parts: core jni http memory)"; continue ;; esac
  load_before=$(cut -d' ' -f1-3 /proc/loadavg) part_start=$SECONDS
  set +e  # a failed part is reported as not measured; the others still run
  ( set -e; trap stop_host EXIT; "${part}_part" )
  part_status=$?
  set -e
  [ $part_status -eq 0 ] || log "part $part FAILED (exit $part_status); see the log above and $OUT"
  printf '%s\t%s\t%s\t%s\t%s\n' "$part" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$((SECONDS - part_start))" "$part_status" >>"$RAW/load.tsv"
done
echo -e "seconds\t$((SECONDS - start))" >>"$RAW/machine.tsv"
python3 bench/report.py "$RAW" >bench/RESULTS.md
log "wrote bench/RESULTS.md in $((SECONDS - start)) s"
