#!/bin/bash
# Builds everything and serves the demo: presence.jar loaded by the plugin host (tests/host) on
# http://127.0.0.1:$PORT/ (default 9090) with the users of tests/host/demo-directory.json.
# Prints the URLs to try, then runs in the foreground until Ctrl-C (which stops the host cleanly).
# Environment: PORT (default 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-9090}
BASE="http://127.0.0.1:$PORT"

scripts/install-deps.sh
if [ ! -f build.xml ]; then
  echo "demo: build.xml (the build of presence.jar) is not in this checkout yet; nothing to serve" >&2
  exit 1
fi
echo "demo: building presence.jar (ant jar) and the plugin host"
ant -q jar
ant -q -f tests/host/build.xml

tests/host/presence-host --port "$PORT" --directory tests/host/demo-directory.json &
HOST_PID=$!
stop_host() {
  trap - INT TERM
  kill -TERM "$HOST_PID" 2>/dev/null || true
  wait "$HOST_PID" 2>/dev/null || true
}
trap 'stop_host; exit 0' INT TERM

ready=false
for _ in $(seq 1 600); do
  if ! kill -0 "$HOST_PID" 2>/dev/null; then
    echo "demo: the plugin host did not start (see above; is port $PORT free? PORT=... picks another)" >&2
    exit 1
  fi
  if curl -s -o /dev/null --max-time 2 "$BASE/"; then
    ready=true
    break
  fi
  sleep 0.1
done
$ready || { echo "demo: the plugin host did not answer within 60 s" >&2; stop_host; exit 1; }

STATUS="$BASE/plugins/presence/status"
cat <<EOF

================================================================================
 presence.jar demo on $BASE/   (Ctrl-C stops it)

 Demo page (every user's icon, text, XML, badge and JSON answers, themes, avatars):
   $BASE/
 Admin page (Server Settings > Presence Service), log in as admin / admin:
   $BASE/plugins/presence/presence-service.jsp

 Try with curl:
   curl -s -o alice.png '$STATUS?jid=alice@example.com'          # status image (PNG)
   curl -s '$STATUS?jid=carol@example.com&type=text'             # one line of text
   curl -s '$STATUS?jid=heidi@example.com&type=xml'              # the presence stanza
   curl -s '$STATUS?jid=ivan@example.com&type=text'              # offline: his last status
   curl -si '$STATUS?jid=erin@example.com&images=https://icons.example.org/--IMAGE--.png'
                                                                   # 302 to .../dnd.png
   curl -si '$STATUS?jid=bob@example.com&chat=https://icons.example.org/green.png'
                                                                   # 302 to the per-status URL
   curl -s '$STATUS?jid=gateway.example.com&type=text'           # an external component
   curl -s '$STATUS?jid=nobody@example.com&type=text'            # unknown user: Forbidden
 Users: alice bob carol dave erin frank grace heidi ivan judy peggy (tests/host/demo-directory.json)
================================================================================

EOF
wait "$HOST_PID" || true
