#!/bin/bash
# Checks that every public/protected member of the compile-time mirror exists, with the same
# signature, in the real Openfire 4.5.0 jars (javap). Needs the real jars, which CI does not have:
#   java-shim/openfire-api/check-signatures.sh [/tmp/openfire-real/pristine/openfire/lib]
# Prints each mirror member with "ok" or "MISSING"; exits non-zero if any member is missing.
set -uo pipefail
cd "$(dirname "$0")"
LIB=${1:-/tmp/openfire-real/pristine/openfire/lib}
REAL="$LIB/xmppserver-4.5.0.jar:$LIB/tinder-2.0.0.jar:/usr/share/java/servlet-api.jar"
[ -f "$LIB/xmppserver-4.5.0.jar" ] || { echo "no real Openfire jars in $LIB: nothing checked"; exit 2; }
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
javac --release 17 -d "$OUT" -cp /usr/share/java/servlet-api.jar $(find src -name '*.java') || exit 1
missing=0
for class_file in $(cd "$OUT" && find . -name '*.class' | sort); do
  class=$(echo "${class_file#./}" | sed 's/\.class$//; s#/#.#g')
  real=$(javap -cp "$REAL" "$class" 2>/dev/null) || { echo "MISSING class $class"; missing=1; continue; }
  while IFS= read -r member; do
    if grep -qxF -- "$member" <<<"$real"; then echo "ok      $member"; else echo "MISSING $member"; missing=1; fi
  done < <(javap -cp "$OUT" "$class" | grep -E '^  (public|protected) ' | grep -vE ' (values|valueOf)\(')
done
exit $missing
