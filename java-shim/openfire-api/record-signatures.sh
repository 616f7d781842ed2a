#!/bin/bash
# Maintainer tool: records the real Openfire 4.5.0 / Tinder 2.0.0 signatures of the mirror's classes
# into openfire-4.5.0-signatures.txt, which the tests (with no real jars) compare the mirror and the
# plugin host's runtime against. Needs the real jars, which CI does not have:
#   java-shim/openfire-api/record-signatures.sh [LIB_DIR [OUTPUT]]
#   (LIB_DIR default /tmp/openfire-real/pristine/openfire/lib; OUTPUT default the committed file)
# Writes, for every class compiled from src/, the real `javap -protected` declaration line and the real
# member lines the mirror also declares. Mirror members Openfire lacks are named on stderr and not
# recorded (the mirror test then fails). Exit: 0 written, 1 javap/javac failed, 2 no real jars.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LIB=${1:-/tmp/openfire-real/pristine/openfire/lib}
OUTPUT=${2:-$HERE/openfire-4.5.0-signatures.txt}
JARS=(xmppserver-4.5.0.jar tinder-2.0.0.jar)
for jar in "${JARS[@]}"; do
  [ -f "$LIB/$jar" ] || { echo "record-signatures: no $jar in $LIB: nothing recorded" >&2; exit 2; }
done
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
javac --release 17 -d "$WORK/mirror" -cp /usr/share/java/servlet-api.jar:/usr/share/java/dom4j.jar $(find "$HERE/src" -name '*.java') || exit 1
CLASSES=$(cd "$WORK/mirror" && find . -name '*.class' | sed 's#^\./##; s#\.class$##; s#/#.#g' | LC_ALL=C sort)
javap -protected -cp "$WORK/mirror" $CLASSES > "$WORK/mirror.txt" || exit 1
(cd "$LIB" && javap -protected -cp "${JARS[0]}:${JARS[1]}" $CLASSES) > "$WORK/real.txt" || exit 1
{
  echo "# Openfire 4.5.0 / Tinder 2.0.0 signatures of the classes of the compile-time mirror"
  echo "# (java-shim/openfire-api/src): each class's real declaration line and those of its real"
  echo "# public/protected members that the mirror declares. Facts, not code. Do not edit: produced by"
  echo "# java-shim/openfire-api/record-signatures.sh from the real jars"
  for jar in "${JARS[@]}"; do
    echo "#   $jar  sha256 $(sha256sum "$LIB/$jar" | cut -d' ' -f1)"
  done
  echo "# with the command (in the jars' folder; classes in this order):"
  echo "#   javap -protected -cp ${JARS[0]}:${JARS[1]} CLASS..."
  echo "# Checked without the jars by tests/java (the mirror) and tests/host (the host's runtime)."
  # First file: the mirror's members by class; second: the real output, filtered to them.
  awk '
    /^Compiled from / || /^$/ { next }
    /^}/ { class = ""; if (FNR != NR) print; next }
    class == "" { class = $0; sub(/ \{$/, "", class); sub(/.*(class|interface) /, "", class); sub(/[< ].*/, "", class)
                  if (FNR != NR) print; next }
    FNR == NR { wanted[class "|" $0] = 1; next }
    (class "|" $0) in wanted { print; delete wanted[class "|" $0] }
    END { for (member in wanted) { sub(/\| */, ": ", member); print "not in Openfire 4.5.0: " member > "/dev/stderr" } }
  ' "$WORK/mirror.txt" "$WORK/real.txt"
} > "$WORK/signatures.txt"
mv "$WORK/signatures.txt" "$OUTPUT"
echo "record-signatures: wrote $OUTPUT"
