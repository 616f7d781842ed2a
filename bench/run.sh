#!/bin/bash
# bench/run.sh — measures presence.jar and regenerates bench/RESULTS.md.
# The scenarios (rows) are defined once, in bench/scenarios.tsv; every part reads them from there.
#   1. core: CPU ns/call (median of runs), instructions/call (callgrind), mallocs/call per scenario
#   2. JNI:  PresenceCore.resolve (Java → core → Java) against do-nothing JNI calls, same JVM
#   3. HTTP: wrk against the plugin host, each answer next to the same bytes as a static file
#      (the static twin), for every row with http=yes
#   4. memory: the host's RSS (and JVM NMT) after two request counts; the core under memcheck
#   5. from part 1's callgrind dumps: the instructions of the core's hand-built fragments and byte
#      tables per answer (report.py's HAND_BUILT), next to libxml2's and the host's cost per request
#
#   bench/run.sh            full run, about 10–12 minutes on 2 CPUs
#   QUICK=1 bench/run.sh    smoke run, about 3 minutes (short runs: numbers are rough)
#
# Settings (environment): PARTS="core jni http memory", HTTP_SECONDS=3, HTTP_ROUNDS=7, HTTP_WARMUP_SECONDS=4,
# WRK_THREADS=2, WRK_CONNECTIONS=32, MEMORY_REQUESTS="100000 1000000", MEMCHECK_CALLS (same),
# CORE_MILLISECONDS=100, CORE_RUNS=7, GRIND_CALLS=1000, JNI_CALLS=1000000, JNI_ROUNDS=11,
# PORT=19390, BENCH_JID=bench@example.com (bench/directory.json's public, online user; the batch rows
# add batch01@example.com …),
# HOST_JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary",
# SKIP_BUILD=1 (use the existing build/presence.jar and host). Not part of scripts/test.sh; it only
# reports and never asserts a timing. Work files: build/bench, build/bench-native.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  : "${HTTP_SECONDS:=3}" "${HTTP_ROUNDS:=1}" "${HTTP_WARMUP_SECONDS:=1}" "${MEMORY_REQUESTS:=10000 100000}"
  : "${MEMCHECK_CALLS:=2000 20000}" "${CORE_MILLISECONDS:=10}" "${CORE_RUNS:=3}"
  : "${JNI_CALLS:=200000}" "${JNI_ROUNDS:=5}"
fi
PARTS=${PARTS:-"core jni http memory"}
HTTP_SECONDS=${HTTP_SECONDS:-3}  # per run; HTTP_ROUNDS pairs of runs (static and plugin) per HTTP row
HTTP_ROUNDS=${HTTP_ROUNDS:-7}    # the row's ratio is the median pair's: one disturbed run moves it less
HTTP_WARMUP_SECONDS=${HTTP_WARMUP_SECONDS:-4}
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
SCENARIOS=$ROOT/bench/scenarios.tsv
DIRECTORY=$ROOT/bench/directory.json
AVATAR=$OUT/avatar.png  # the bench user's vCard photo, decoded from $DIRECTORY for the core part

scenario_rows() {  # the rows of bench/scenarios.tsv, tab-separated, without comments
  grep -v '^#' "$SCENARIOS" | grep -v '^$'
}

log() { echo "bench: $*" >&2; }

# ---- build -------------------------------------------------------------------------------
build_native() {  # the core and the JNI library, Release, in build/bench-native; the bench tools
  log "building the core (Release) in $NATIVE"
  cmake -S . -B "$NATIVE" -DCMAKE_BUILD_TYPE=Release -DPRESENCE_TESTS=OFF >"$OUT/cmake.log"
  cmake --build "$NATIVE" -j2 --target presence_core presence_jni >>"$OUT/cmake.log"
  python3 -c 'import base64, json, sys
user = next(u for u in json.load(open(sys.argv[1]))["users"] if u["username"] == "bench")
open(sys.argv[2], "wb").write(base64.b64decode(user["avatar"]))' "$DIRECTORY" "$AVATAR"
  # shellcheck disable=SC2086
  cc -O2 -std=c11 -Wall -Wextra -Werror -Inative/core bench/core_bench.c \
    "$NATIVE/native/core/libpresence_core.a" $(pkg-config --libs libxml-2.0) -pthread -o "$OUT/core_bench"
  # shellcheck disable=SC2086
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
  valgrind --leak-check=full "$OUT/core_bench" "$SCENARIOS" "$AVATAR" mix "$1" 2>&1 >/dev/null | tr -d , | awk '
    /in use at exit:/ {use = $(NF-4); blocks = $(NF-1)}
    /total heap usage:/ {allocs = $(NF-6); frees = $(NF-4); bytes = $(NF-2)}
    /definitely lost:/ {lost = $(NF-4)}
    END {print allocs, frees, bytes, use, blocks, (lost == "" ? 0 : lost)}'
}

core_part() {
  log "core: scenarios"
  "$OUT/core_bench" "$SCENARIOS" "$AVATAR" list >"$RAW/core-list.tsv"
  log "core: ns per call (${CORE_MILLISECONDS} ms x ${CORE_RUNS} runs per scenario)"
  "$OUT/core_bench" "$SCENARIOS" "$AVATAR" time "$CORE_MILLISECONDS" "$CORE_RUNS" >"$RAW/core-time.tsv"
  log "core: instructions per call (callgrind, $GRIND_CALLS calls per scenario) and allocations per call"
  rm -f "$OUT"/callgrind.out*
  valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" --collect-atstart=no \
    --toggle-collect=presence_resolve --toggle-collect=presence_resolve_batch \
    --toggle-collect=presence_response_release \
    --toggle-collect=bench_empty_call "$OUT/core_bench" "$SCENARIOS" "$AVATAR" grind "$GRIND_CALLS" >"$OUT/grind-calls.tsv" 2>"$OUT/callgrind.log"
  local part
  for part in "$OUT"/callgrind.out.*; do  # one dump per scenario: its name and its instruction total
    awk '/^desc: Trigger:/ {sub(/.*Client Request: /, ""); name = $0} /^totals:/ {print name "\t" $2}' "$part"
  done | sort >"$OUT/grind-totals.tsv"
  # name, calls, instructions in those calls
  join -t "$(printf '\t')" <(sort "$OUT/grind-calls.tsv") "$OUT/grind-totals.tsv" >"$RAW/core-instructions.tsv"
  # name, function, its inclusive instructions in those calls: every function of core_bench's binary
  # (the core's; static ones the compiler inlined count in their caller)
  : >"$RAW/core-functions.tsv"
  for part in "$OUT"/callgrind.out.*; do
    callgrind_annotate --inclusive=yes --threshold=100 "$part" 2>/dev/null | tr -d , | awk -v OFS='\t' '
      /^Trigger: Client Request: / {sub(/.*Client Request: /, ""); name = $0}
      /core_bench\]$/ {f = $(NF - 1); sub(/^[^:]*:/, "", f); print name, f, $1}' >>"$RAW/core-functions.tsv"
  done
  "$OUT/core_bench_allocations" "$SCENARIOS" "$AVATAR" allocations "$GRIND_CALLS" >"$RAW/core-allocations.tsv"
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
BASE=http://127.0.0.1:$PORT
# Who is asked for: bench/directory.json's user "bench" (public presence, online, with caps, a
# vCard-update and one unknown extension in the session, a PNG avatar); a row with jids N adds
# batch01 … of the same file.
BENCH_JID=${BENCH_JID:-bench@example.com}
declare -A PLUGIN_PATHS    # row → the plugin's path (with its query)
declare -A STATIC_PATHS    # row → the static twin's path: its file, with the plugin path's query
declare -A PLUGIN_HEADERS  # row → the request header sent to the plugin ("" for none)
declare -A STATIC_HEADERS  # row → the request header sent to the static twin
HTTP_ROWS=()               # the rows measured over HTTP, in the table's order

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

etag_of() {  # URL: the ETag header of its answer (empty when it has none)
  curl -s -o /dev/null -D - "$1" | tr -d '\r' | awk 'tolower($1) == "etag:" {sub(/^[^:]*: */, ""); print; exit}'
}

header_for() {  # HEADER URL: the row's header with {etag} replaced by the ETag of URL's answer
  local header=$1 etag
  [ "$header" = - ] && { echo ""; return; }
  if [[ $header == *"{etag}"* ]]; then
    etag=$(etag_of "$2")
    [ -n "$etag" ] || { echo "NO-ETAG"; return; }
    header=${header//\{etag\}/$etag}
  fi
  echo "$header"
}

choose_paths() {  # the rows with http=yes: their paths and headers; their 200 bodies become the
  #                static twins ($STATIC_DIR/NAME.body); http-answers.tsv records what both answered
  local name facts jids query header http target q j file code static_code same core_same
  HTTP_ROWS=()
  : >"$RAW/http-answers.tsv"
  echo "$BENCH_JID" >"$RAW/http-jid.txt"
  rm -rf "$OUT/core-bodies" && mkdir -p "$OUT/core-bodies"
  "$OUT/core_bench" "$SCENARIOS" "$AVATAR" bodies "$OUT/core-bodies"
  while IFS=$'\t' read -r name facts jids query header http target; do
    [ "$http" = yes ] || continue
    q="/plugins/presence/status?jid=${BENCH_JID//@/%40}"
    for ((j = 1; j < jids; j++)); do q="$q&jid=$(printf 'batch%02d%%40%s' "$j" "${BENCH_JID#*@}")"; done
    [ "$query" = - ] || q="$q&$query"
    PLUGIN_PATHS[$name]=$q
    # the same query string (DefaultServlet ignores it): both requests are the same size and the
    # container parses the same URI; reading the parameters is the plugin's own cost
    STATIC_PATHS[$name]="/static/$name.body?${q#*\?}"
    file=$STATIC_DIR/$name.body
    curl -s -o "$file" "$BASE$q"  # the 200's body: the static twin's bytes
    PLUGIN_HEADERS[$name]=$(header_for "$header" "$BASE$q")
    STATIC_HEADERS[$name]=$(header_for "$header" "$BASE${STATIC_PATHS[$name]}")
    if [ "${PLUGIN_HEADERS[$name]}" = NO-ETAG ] || [ "${STATIC_HEADERS[$name]}" = NO-ETAG ]; then
      printf '%s\t%s\n' "$name" "over HTTP: the 200 of the plugin or of the static twin has no ETag" >>"$RAW/unmeasured.tsv"
      continue
    fi
    local -a plugin_h=() static_h=()
    [ -n "${PLUGIN_HEADERS[$name]}" ] && plugin_h=(-H "${PLUGIN_HEADERS[$name]}")
    [ -n "${STATIC_HEADERS[$name]}" ] && static_h=(-H "${STATIC_HEADERS[$name]}")
    # what each answers to the measured request (with the header): status, bytes, same bytes
    : >"$OUT/plugin-check"; : >"$OUT/static-check"  # curl writes no file for an empty body
    code=$(curl -s "${plugin_h[@]}" -o "$OUT/plugin-check" -w '%{http_code}' "$BASE$q")
    static_code=$(curl -s "${static_h[@]}" -o "$OUT/static-check" -w '%{http_code}' "$BASE${STATIC_PATHS[$name]}")
    same=no core_same=no
    cmp -s "$OUT/plugin-check" "$OUT/static-check" && same=yes
    cmp -s "$OUT/plugin-check" "$OUT/core-bodies/$name.body" && core_same=yes
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$code" "$(stat -c %s "$OUT/plugin-check")" "$static_code" \
      "$same" "$core_same" "${PLUGIN_HEADERS[$name]:+${PLUGIN_HEADERS[$name]%%:*}}" >>"$RAW/http-answers.tsv"
    HTTP_ROWS+=("$name")
  done < <(scenario_rows)
}

host_cpu_ticks() { awk '{print $14 + $15}' "/proc/$HOST_PID/stat"; }  # user + system, clock ticks
host_gc() { jstat -gc "$HOST_PID" | awk 'NR == 2 {print $13 + $15, $19}'; }  # "collections seconds"

run_wrk() {  # LABEL SECONDS PATH [HEADER]: one wrk run; unless a warm-up, appends to http.tsv:
  #          LABEL, wrk's WRK fields, the host's CPU seconds, GC collections and GC seconds in the run
  local label=$1 seconds=$2 path=$3 line ticks_before ticks_after gc_before gc_after
  local -a header=()
  [ -n "${4:-}" ] && header=(-H "$4")
  ticks_before=$(host_cpu_ticks) gc_before=$(host_gc)
  line=$(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --latency "${header[@]}" \
    -s bench/wrk-report.lua "$BASE$path" | grep '^WRK' || true)
  ticks_after=$(host_cpu_ticks) gc_after=$(host_gc)
  [ "$label" = warm-up ] || printf '%s\t%s\t%s\n' "$label" "${line#WRK	}" "$(awk -v t=$((ticks_after - ticks_before)) \
    -v hz="$(getconf CLK_TCK)" -v before="$gc_before" -v after="$gc_after" 'BEGIN {
      split(before, b, " "); split(after, a, " "); print t / hz "\t" a[1] - b[1] "\t" a[2] - b[2]}')" >>"$RAW/http.tsv"
}

http_part() {
  log "HTTP: wrk ${WRK_THREADS} threads x ${WRK_CONNECTIONS} connections, ${HTTP_ROUNDS} x ${HTTP_SECONDS} s per side after ${HTTP_WARMUP_SECONDS} s warm-up"
  start_host
  choose_paths
  : >"$RAW/http.tsv"
  local name
  local name round
  # both warmed up, then HTTP_ROUNDS pairs, static first in odd rounds and plugin first in even
  # ones: a machine that slows down or speeds up during a row weighs on both sides alike
  for name in "${HTTP_ROWS[@]}"; do
    log "HTTP: $name"
    run_wrk warm-up "$HTTP_WARMUP_SECONDS" "${STATIC_PATHS[$name]}" "${STATIC_HEADERS[$name]}"
    run_wrk warm-up "$HTTP_WARMUP_SECONDS" "${PLUGIN_PATHS[$name]}" "${PLUGIN_HEADERS[$name]}"
    for ((round = 1; round <= HTTP_ROUNDS; round++)); do
      if ((round % 2)); then
        run_wrk "$name	static" "$HTTP_SECONDS" "${STATIC_PATHS[$name]}" "${STATIC_HEADERS[$name]}"
        run_wrk "$name	plugin" "$HTTP_SECONDS" "${PLUGIN_PATHS[$name]}" "${PLUGIN_HEADERS[$name]}"
      else
        run_wrk "$name	plugin" "$HTTP_SECONDS" "${PLUGIN_PATHS[$name]}" "${PLUGIN_HEADERS[$name]}"
        run_wrk "$name	static" "$HTTP_SECONDS" "${STATIC_PATHS[$name]}" "${STATIC_HEADERS[$name]}"
      fi
    done
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

wrk_count() {  # REQUESTS: sends about REQUESTS requests (rotating through the HTTP rows without a
  #            header); prints the count wrk completed (it stops waiting after
  #            WRK_COUNT_LIMIT_SECONDS, default 1800)
  local total=$1 per_thread marker=$OUT/wrk-marker deadline=$((SECONDS + ${WRK_COUNT_LIMIT_SECONDS:-1800}))
  local -a paths=()
  local name
  for name in "${HTTP_ROWS[@]}"; do [ -z "${PLUGIN_HEADERS[$name]}" ] && paths+=("${PLUGIN_PATHS[$name]}"); done
  per_thread=$(( (total + WRK_THREADS - 1) / WRK_THREADS ))
  rm -f "$marker".*
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d3600s -s bench/wrk-count.lua "$BASE/" -- "$per_thread" \
    "$marker" "${paths[@]}" >"$OUT/wrk-count.out" 2>&1 &
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
  "$OUT/core_bench" "$SCENARIOS" "$AVATAR" mix "$(echo "$MEMCHECK_CALLS" | awk '{print $NF}')" >"$RAW/core-mallinfo.tsv"
}

# ---- main --------------------------------------------------------------------------------
mkdir -p "$OUT" "$RAW"
rm -f "$RAW"/*
: >"$RAW/unmeasured.tsv"
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
  echo -e "settings\tcore ${CORE_MILLISECONDS} ms x ${CORE_RUNS} runs; JNI ${JNI_CALLS} calls x ${JNI_ROUNDS} rounds; wrk ${WRK_THREADS} threads x ${WRK_CONNECTIONS} connections, ${HTTP_ROUNDS} rounds of ${HTTP_SECONDS} s per side (static first in odd rounds, plugin first in even ones) after ${HTTP_WARMUP_SECONDS} s warm-up each; memory at ${MEMORY_REQUESTS} requests; host JVM: ${HOST_JAVA_OPTS}"
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
cp "$SCENARIOS" "$RAW/scenarios.tsv"
python3 bench/report.py "$RAW" >bench/RESULTS.md
log "wrote bench/RESULTS.md in $((SECONDS - start)) s"
