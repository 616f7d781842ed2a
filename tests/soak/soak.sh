#!/bin/bash
# soak.sh [SECONDS] — load and reload soak of presence.jar in the plugin host (default 600 s).
#
#   tests/soak/soak.sh          # the full 10-minute soak (issue 6)
#   tests/soak/soak.sh 60       # the CI version (scripts/test.sh stage "soak")
#
# Needs build/presence.jar (`ant jar`) and the host (`ant -f tests/host/build.xml`); installs
# nothing, loopback only.
# Starts tests/host/presence-host on a free port with a copy of build/presence.jar and
# tests/e2e/e2e-directory.json, heap fixed and pre-touched (so RSS measures native and metaspace
# growth, not heap sizing) and a private java.io.tmpdir. Then, for SECONDS:
#   - wrk, 2 threads, 64 connections, rotates through tests/soak/cases.tsv (image, text, xml,
#     redirect, error answers of known users); every answer is checked byte for byte
#     (tests/soak/soak.lua), wrong ones are logged with their time;
#   - the jar is replaced every 30 s (every 15 s when SECONDS < 120), each replacement's time
#     is recorded; a reload window is ±3 s around it, where only a 503 is an acceptable answer;
#   - every 5 s, after a full GC (jcmd GC.run): RSS, open fds, mapped copies of libpresence,
#     leftover temporary native library files (NativeLibrary: presence-*-libpresence.so).
# Prints a table of the samples and a verdict; exits non-zero when any criterion fails:
#   zero wrong answers outside reload windows (and none but 503 inside), no socket errors;
#   RSS grows <= 5% after warm-up (a sixth of the run, 20-60 s): median of the first 3 samples
#   after warm-up vs median of the last 3;
#   open fds grow by <= FD_TOLERANCE (default 3); every replacement reloaded the plugin (a new
#   library copy is mapped); at the end at most 2 library copies mapped; no temporary files left.
# Everything is kept in build/soak-run/ (host.log, samples.tsv, wrk output, wrong answers).
set -uo pipefail
DURATION=${1:-600}
case $DURATION in ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac
[ "$DURATION" -ge 30 ] || { echo "soak: SECONDS must be at least 30" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=$ROOT/build/presence.jar
DIRECTORY=${SOAK_DIRECTORY:-$ROOT/tests/e2e/e2e-directory.json}
CASES=$ROOT/tests/soak/cases.tsv
WORK=$ROOT/build/soak-run
SAMPLE_EVERY=5
RELOAD_EVERY=$([ "$DURATION" -lt 120 ] && echo 15 || echo 30)
WINDOW=3
FD_TOLERANCE=${FD_TOLERANCE:-3}
CONNECTIONS=64
for tool in wrk curl jcmd; do
  command -v $tool >/dev/null || { echo "soak: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "soak: $JAR is missing: run 'ant jar' first" >&2; exit 1; }
[ -x "$ROOT/tests/host/presence-host" ] || { echo "soak: tests/host/presence-host is missing" >&2; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK/plugin" "$WORK/home" "$WORK/tmp" "$WORK/learned"
cp "$JAR" "$WORK/plugin/presence.jar"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
started=()   # process ids this script started, stopped by cleanup
cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null; done
}
trap cleanup EXIT

# ---- the host ----------------------------------------------------------------------------
PRESENCE_HOST_JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch -Djava.io.tmpdir=$WORK/tmp -XX:ErrorFile=$WORK/hs_err_pid%p.log ${PRESENCE_HOST_JAVA_OPTS:-}" \
  "$ROOT/tests/host/presence-host" --port "$PORT" --directory "$DIRECTORY" --home "$WORK/home" \
  --plugin "$WORK/plugin/presence.jar" >"$WORK/host.log" 2>&1 &
HOST_PID=$!
started+=("$HOST_PID")
for _ in $(seq 600); do
  grep -q "listening on" "$WORK/host.log" && break
  kill -0 "$HOST_PID" 2>/dev/null || { echo "soak: the host exited:" >&2; tail -20 "$WORK/host.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "listening on" "$WORK/host.log" || { echo "soak: the host did not start in 60 s" >&2; exit 1; }

java_pid() {  # the java process: the host itself or one of its descendants
  local pid queue=("$HOST_PID")
  while [ ${#queue[@]} -gt 0 ]; do
    pid=${queue[0]}; queue=("${queue[@]:1}")
    [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = java ] && { echo "$pid"; return; }
    queue+=($(pgrep -P "$pid"))
  done
}
JAVA_PID=$(java_pid)
[ -n "$JAVA_PID" ] || { echo "soak: no java process under the host ($HOST_PID)" >&2; exit 1; }
TMPDIR_OF_JVM=$(jcmd "$JAVA_PID" VM.system_properties 2>/dev/null | sed -n 's/^java\.io\.tmpdir=//p' | sed 's/\\:/:/g')
TMPDIR_OF_JVM=${TMPDIR_OF_JVM:-$WORK/tmp}

# ---- warm-up pass: every case answers as expected; learn the bodies marked "learned" ------
warmup_failed=0
while IFS=$'\t' read -r name status expectation path; do
  case $name in ''|'#'*) continue ;; esac
  got=$(curl -s -o "$WORK/learned/$name" -w '%{http_code}|%{redirect_url}|%{content_type}' "$BASE$path")
  IFS='|' read -r got_status got_location got_type <<<"$got"
  problem=""
  [ "$got_status" = "$status" ] || problem="status $got_status, expected $status"
  case $expectation in
    body=*) [ "$(cat "$WORK/learned/$name")" = "${expectation#body=}" ] || problem="body $(head -c 120 "$WORK/learned/$name")" ;;
    location=*) [ "$got_location" = "$BASE${expectation#location=}" ] || [ "$got_location" = "${expectation#location=}" ] \
                  || problem="location $got_location" ;;
  esac
  if [[ $name == image-* ]] && ! { [[ $got_type == image/png* ]] && head -c 4 "$WORK/learned/$name" | grep -q PNG; }; then
    problem="not a PNG image ($got_type)"
  fi
  [ -z "$problem" ] || { echo "soak: warm-up case $name: $problem" >&2; warmup_failed=1; }
done <"$CASES"
images=$(ls "$WORK"/learned/image-* | wc -l)
distinct=$(md5sum "$WORK"/learned/image-* | cut -d' ' -f1 | sort -u | wc -l)
[ "$images" -eq "$distinct" ] || { echo "soak: the $images status images are not all distinct" >&2; warmup_failed=1; }
[ $warmup_failed -eq 0 ] || { echo "soak: FAILED before the load (see above)" >&2; exit 1; }
echo "soak: host pid $JAVA_PID on port $PORT; $(grep -vc '^#' "$CASES") cases; ${DURATION} s of wrk -t2 -c$CONNECTIONS, jar replaced every $RELOAD_EVERY s"

# ---- load, reloads, samples ---------------------------------------------------------------
sample() {  # one line: time rss_kb fds mapped_copies temp_files mapped_names
  jcmd "$JAVA_PID" GC.run >/dev/null 2>&1
  local rss fds names temp
  rss=$(awk '/^VmRSS:/ { print $2 }' /proc/"$JAVA_PID"/status)
  fds=$(ls /proc/"$JAVA_PID"/fd | wc -l)
  names=$(awk '$6 ~ /presence/ && $6 ~ /\.so/ { print $6 }' /proc/"$JAVA_PID"/maps | sort -u | tr '\n' ',')
  temp=$(find "$TMPDIR_OF_JVM" -maxdepth 1 -name 'presence-*' 2>/dev/null | wc -l)
  echo "$(date +%s.%N) $rss $fds $(tr -cd ',' <<<"$names" | wc -c) $temp ${names:-none}"
}
START=$(date +%s.%N)
END_AT=$(( $(date +%s) + DURATION ))
( while [ "$(date +%s)" -lt "$END_AT" ]; do   # one sample every SAMPLE_EVERY s (longer if GC.run is slow)
    began=$(date +%s); sample; wait_for=$((began + SAMPLE_EVERY - $(date +%s)))
    [ "$wait_for" -le 0 ] || sleep "$wait_for"
  done ) >"$WORK/samples.tsv" &
started+=($!)
( while sleep "$RELOAD_EVERY"; [ $(( $(date +%s) + 5 )) -lt "$END_AT" ]; do
    cp "$JAR" "$WORK/plugin/.presence.jar.new" && mv -f "$WORK/plugin/.presence.jar.new" "$WORK/plugin/presence.jar" \
      && date +%s.%N
  done ) >"$WORK/reloads.txt" &
started+=($!)
SOAK_CASES=$CASES SOAK_LEARNED=$WORK/learned SOAK_WRONG_LOG=$WORK/wrong SOAK_RESULT=$WORK/result.txt \
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$ROOT/tests/soak/soak.lua" "$BASE" >"$WORK/wrk.txt" 2>&1
wrk_status=$?
sleep "$SAMPLE_EVERY"                    # let the last reload settle, then the final sample
sample >"$WORK/final.tsv"
kill -0 "$HOST_PID" 2>/dev/null || { echo "soak: the host died during the soak" >&2; tail -20 "$WORK/host.log" >&2; exit 1; }
# Stop the host before the verdict: a native crash can come late (a library unloaded while
# threads that used it still end), and the JVM then writes its report to $WORK/hs_err_pid*.log.
kill "$HOST_PID" 2>/dev/null; wait "$HOST_PID" 2>/dev/null
crash_reports=$(find "$WORK" -maxdepth 1 -name 'hs_err_pid*.log' | wc -l)

# ---- verdict ---------------------------------------------------------------------------------
[ $wrk_status -eq 0 ] && [ -s "$WORK/result.txt" ] || { echo "soak: wrk failed:" >&2; cat "$WORK/wrk.txt" >&2; exit 1; }
cat "$WORK"/wrong.* 2>/dev/null | sort -n >"$WORK/wrong.txt"
python3 - "$WORK" "$START" "$DURATION" "$WINDOW" "$FD_TOLERANCE" "$CONNECTIONS" "$crash_reports" <<'EOF'
import statistics, sys
work, start, duration, window, fd_tolerance, connections = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
crash_reports = int(sys.argv[7])
def rows(name):
    with open(f"{work}/{name}") as f:
        return [line.split() for line in f if line.strip()]
samples = [(float(r[0]) - start, int(r[1]), int(r[2]), int(r[3]), int(r[4]), r[5]) for r in rows("samples.tsv")]
final = rows("final.tsv")[0]
reloads = [float(r[0]) for r in rows("reloads.txt")]
result = {}
cases = []
for r in rows("result.txt"):
    (cases.append((r[1], int(r[2]), int(r[3]))) if r[0] == "case" else result.__setitem__(r[0], float(r[1])))
wrong = [(float(r[0]), int(r[1])) for r in rows("wrong.txt")]

print(f"{'t (s)':>7} {'RSS MiB':>8} {'fds':>5} {'libs':>5} {'tmp':>4}")
for t, rss, fds, libs, tmp, _ in samples:
    print(f"{t:7.1f} {rss / 1024:8.1f} {fds:5d} {libs:5d} {tmp:4d}")
print(f"{'final':>7} {int(final[1]) / 1024:8.1f} {int(final[2]):5d} {int(final[3]):5d} {int(final[4]):4d}")

warmup = min(60.0, max(20.0, duration / 6))
after = [s for s in samples if s[0] >= warmup]
checks = []
def check(name, ok, detail):
    checks.append(ok)
    print(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")

in_window = lambda t: any(abs(t - r) <= window for r in reloads)
outside = [w for w in wrong if not in_window(w[0])]
inside_not_503 = [w for w in wrong if in_window(w[0]) and w[1] != 503]
inside_503 = len(wrong) - len(outside) - len(inside_not_503)
answered = sum(c[2] for c in cases)
print(f"\nsoak: {int(result['requests'])} requests in {result['duration_us'] / 1e6:.1f} s "
      f"({result['requests'] / (result['duration_us'] / 1e6):.0f}/s, p99 {result['latency_p99_ms']:.1f} ms), "
      f"{answered} right answers, {len(wrong)} wrong ({inside_503} were 503 inside reload windows), "
      f"{len(reloads)} jar replacements (at {', '.join(f'{r - start:.0f}' for r in reloads)} s)")
check("wrong answers outside reload windows", not outside, f"{len(outside)} {outside[:5]}")
check("non-503 wrong answers inside reload windows", not inside_not_503, f"{len(inside_not_503)} {inside_not_503[:5]}")
check("socket errors", result["socket_errors"] == 0, f"{int(result['socket_errors'])}")
off = [c for c in cases if abs(c[1] - c[2]) > connections]
check("every case answered as often as asked", not off, f"{off[:3]}" if off else f"{len(cases)} cases")
if len(after) >= 6:
    first, last = statistics.median(s[1] for s in after[:3]), statistics.median(s[1] for s in after[-3:])
    check("RSS growth after warm-up <= 5%", last <= first * 1.05,
          f"{first / 1024:.1f} MiB -> {last / 1024:.1f} MiB ({(last - first) * 100 / first:+.1f}%)")
    first_fds, last_fds = statistics.median(s[2] for s in after[:3]), statistics.median(s[2] for s in after[-3:])
    check(f"open fds growth <= {fd_tolerance}", last_fds <= first_fds + fd_tolerance, f"{first_fds:.0f} -> {last_fds:.0f}")
else:
    check("enough samples after warm-up", False, f"{len(after)} samples after {warmup:.0f} s")
seen = {name for s in samples for name in s[5].split(",") if name and name != "none"}
seen |= {name for name in final[5].split(",") if name and name != "none"}
check("every replacement reloaded the plugin (a new library copy mapped)", len(seen) >= len(reloads) + 1,
      f"{len(seen)} distinct copies mapped for {len(reloads)} replacements")
check("library copies mapped at the end <= 2", int(final[3]) <= 2, f"{final[3]} ({final[5]})")
check("mapped library copies do not grow", max((s[3] for s in after), default=0) <= 3,
      f"max {max((s[3] for s in after), default=0)} after warm-up")
check("temporary native library files left", int(final[4]) == 0 and max((s[4] for s in samples), default=0) == 0,
      f"{final[4]} at the end, max {max((s[4] for s in samples), default=0)} during the run")
check("JVM crash reports (hs_err_pid*.log) up to the host's exit", crash_reports == 0, f"{crash_reports}")
print("soak: PASSED" if all(checks) else "soak: FAILED")
sys.exit(0 if all(checks) else 1)
EOF
