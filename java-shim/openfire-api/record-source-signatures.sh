#!/bin/bash
# Maintainer tool: records, from Openfire's and Tinder's source at a release tag, the signatures of
# the members the compile-time mirror (src/) declares, in the format of openfire-4.5.0-signatures.txt
# (javap lines: each class's declaration line, then its members that the mirror also declares,
# matched by name and parameter types, so a member whose return type, static-ness or exceptions
# changed is recorded as Openfire has it and the tests see the difference).
#   java-shim/openfire-api/record-source-signatures.sh OPENFIRE_GIT_DIR TINDER_GIT_DIR REF [OUTPUT]
#   REF: an Openfire tag (v4.6.8) or branch (main); the Tinder tag is the one REF's pom.xml names.
#   OUTPUT default: openfire-<REF without v>-signatures.txt next to this script.
# Source is read with `git archive` (bare git directories are enough) and declarations are
# resolved by javac (SourceSignatures.java) without compiling any body. Mirror members missing at
# REF are named on stderr and not recorded (the tests then fail for that line).
# Exit: 0 written, 1 a tool failed, 2 bad arguments or REF/Tinder version not found.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 3 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
OPENFIRE_GIT=$1 TINDER_GIT=$2 REF=$3
OUTPUT=${4:-$HERE/openfire-${REF#v}-signatures.txt}
# The libraries the mirror and the declarations name besides Openfire and Tinder (dom4j: Element,
# the type of the XEP-0050 commands' and VCardManager.getVCard's arguments; Openfire ships its own copy).
SERVLET_API=/usr/share/java/servlet-api.jar:/usr/share/java/dom4j.jar
COMMIT=$(git --git-dir="$OPENFIRE_GIT" rev-parse --verify -q "$REF^{commit}") || { echo "record-source-signatures: no $REF in $OPENFIRE_GIT" >&2; exit 2; }
# Tinder's version: the <version> following <artifactId>tinder</artifactId> in xmppserver/pom.xml or pom.xml.
TINDER_VERSION=$(for pom in xmppserver/pom.xml pom.xml; do git --git-dir="$OPENFIRE_GIT" show "$COMMIT:$pom" 2>/dev/null || true; done \
  | awk '/<artifactId>tinder<\/artifactId>/ { want = 1; next } want && /<version>/ { gsub(/.*<version>|<\/version>.*/, ""); print; exit }')
[ -n "$TINDER_VERSION" ] || { echo "record-source-signatures: no Tinder version in $REF's poms" >&2; exit 2; }
TINDER_TAG=tinder_${TINDER_VERSION//./_}
TINDER_COMMIT=$(git --git-dir="$TINDER_GIT" rev-parse --verify -q "$TINDER_TAG^{commit}") || { echo "record-source-signatures: no $TINDER_TAG in $TINDER_GIT" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/openfire" "$WORK/tinder"
git --git-dir="$OPENFIRE_GIT" archive "$COMMIT" xmppserver/src/main/java | tar -x -C "$WORK/openfire"
git --git-dir="$TINDER_GIT" archive "$TINDER_COMMIT" src/main/java | tar -x -C "$WORK/tinder"
javac --release 17 -d "$WORK/mirror" -cp "$SERVLET_API" $(find "$HERE/src" -name '*.java') || exit 1
CLASSES=$(cd "$WORK/mirror" && find . -name '*.class' | sed 's#^\./##; s#\.class$##; s#/#.#g' | LC_ALL=C sort)
javap -protected -cp "$WORK/mirror" $CLASSES > "$WORK/mirror.txt" || exit 1
# shellcheck disable=SC2086  # CLASSES is a list of words on purpose
java "$HERE/SourceSignatures.java" "$WORK/openfire/xmppserver/src/main/java:$WORK/tinder/src/main/java" "$SERVLET_API" \
  $CLASSES > "$WORK/source.txt" || exit 1
{
  echo "# Openfire ${REF#v} / Tinder $TINDER_VERSION signatures of the classes of the compile-time mirror"
  echo "# (java-shim/openfire-api/src): each class's declaration line and those of its public/protected"
  echo "# members that the mirror declares (same name and parameter types), as javap would print them."
  echo "# Facts, not code. Do not edit: produced by java-shim/openfire-api/record-source-signatures.sh"
  echo "# from the source of igniterealtime/Openfire $REF ($COMMIT)"
  echo "# and igniterealtime/tinder $TINDER_TAG ($TINDER_COMMIT)."
  echo "# Checked by tests/java (the mirror and the shim's calls) and tests/host (the host's runtime)."
  # A member's key: its name and its parameter types without generics ("getUser(java.lang.String)").
  awk '
    function key(line,   head, params) {
      sub(/;$/, "", line); sub(/ throws .*/, "", line)
      while (line ~ /<[^<>]*>/) gsub(/<[^<>]*>/, "", line)
      if (index(line, "(") == 0) { n = split(line, words, " "); return words[n] }
      head = substr(line, 1, index(line, "(") - 1); params = substr(line, index(line, "("))
      n = split(head, words, " "); return words[n] params
    }
    /^Compiled from / || /^$/ { next }
    /^}/ { class = ""; if (FNR != NR) print; next }
    class == "" { class = $0; sub(/ \{$/, "", class); sub(/.*(class|interface) /, "", class); sub(/[< ].*/, "", class)
                  if (FNR != NR) print; next }
    FNR == NR { member = $0; sub(/^ +/, "", member); wanted[class "|" key(member)] = member; next }
    { member = $0; sub(/^ +/, "", member) }
    (class "|" key(member)) in wanted { print; delete wanted[class "|" key(member)] }
    END { for (k in wanted) { split(k, parts, "|"); print "not in Openfire '"$REF"': " parts[1] ": " wanted[k] > "/dev/stderr" } }
  ' "$WORK/mirror.txt" "$WORK/source.txt"
} > "$WORK/signatures.txt"
mv "$WORK/signatures.txt" "$OUTPUT"
echo "record-source-signatures: wrote $OUTPUT"
