#!/bin/bash
# wine-run.sh PROGRAM.exe ARGS...: runs a Windows program headless under Debian's wine64, in the
# Wine prefix build/wine (created by the first run, tens of seconds), and exits with its code.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export WINEPREFIX=${WINEPREFIX:-$root/build/wine} WINEDEBUG=${WINEDEBUG:--all}
mkdir -p "$WINEPREFIX"
exec /usr/lib/wine/wine64 "$@"
