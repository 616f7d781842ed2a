#!/bin/bash
# debian-source.sh PACKAGE VERSION DEST: unpacks Debian's source package PACKAGE at VERSION, with
# Debian's patches applied (dpkg-source -x), into DEST (replaced if present).
# The source comes from the mirror the system's apt already uses: the deb lines of
# /etc/apt/sources.list and /etc/apt/sources.list.d/*.{list,sources} become deb-src lines of a
# private sources list in build/deps/apt. The system's apt configuration is only read, never
# written. Downloaded files are kept in build/deps/sources, so a second call needs no network.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 PACKAGE VERSION DEST" >&2; exit 2; }
package=$1 version=$2 dest=$3
cd "$(dirname "$0")/.."
ROOT=$PWD
APT=$ROOT/build/deps/apt
SOURCES=$ROOT/build/deps/sources
mkdir -p "$APT/lists/partial" "$SOURCES"

upstream=${version#*:}; upstream=${upstream%-*}
dsc=$SOURCES/${package}_${version#*:}.dsc
if [ ! -f "$dsc" ]; then
  # deb-src lines for every Debian deb entry of the system's configuration (both formats)
  {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      awk '$1 == "deb" { $1 = "deb-src"; sub(/ \[[^]]*\]/, ""); print }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      awk 'function flush() { if (types ~ /(^| )deb( |$)/ && enabled != "no")
                                for (i = 1; i <= n; i++) print "deb-src " uri " " suite[i] comps
                              types = uri = comps = ""; n = 0; enabled = "" }
           /^[ \t]*$/ { flush(); next }
           /^Types:/ { types = $0 } /^URIs:/ { uri = $2 } /^Enabled:/ { enabled = tolower($2) }
           /^Suites:/ { n = 0; for (i = 2; i <= NF; i++) suite[++n] = $i }
           /^Components:/ { comps = ""; for (i = 2; i <= NF; i++) comps = comps " " $i }
           END { flush() }' "$f"
    done
  } | grep -E '^deb-src [a-z]+://[^ ]*debian[^ ]* ' | sort -u >"$APT/sources.list"
  [ -s "$APT/sources.list" ] || { echo "debian-source: no Debian mirror in /etc/apt/sources.list*" >&2; exit 1; }
  apt_private=(-o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
               -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache" -o APT::Sandbox::User=root)
  mkdir -p "$APT/cache/archives/partial"
  echo "debian-source: fetching $package $version from $(awk '{print $2}' "$APT/sources.list" | sort -u | tr '\n' ' ')" >&2
  apt-get -q "${apt_private[@]}" update >&2
  (cd "$SOURCES" && apt-get -q "${apt_private[@]}" source --download-only "$package=$version" >&2)
fi
[ -f "$dsc" ] || { echo "debian-source: $dsc was not downloaded" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
dpkg-source --no-check -x "$dsc" "$dest" >/dev/null
echo "debian-source: $package $version unpacked in $dest (upstream $upstream)" >&2
