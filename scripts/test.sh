#!/bin/bash
# Runs every test of presence.jar and ends non-zero on any failure:
#   1. C core: cmocka tests, plain and under valgrind memcheck (ctest)
#   2. C core: cmocka tests under AddressSanitizer + UndefinedBehaviorSanitizer (ctest)
#   3. presence.jar: build, jar layout check and JUnit tests of the shim and of the plugin host (ant)
#   4. end-to-end: real HTTP against the plugin host with presence.jar loaded, hostile inputs,
#      admin page, reload; headless Chromium on the demo and admin pages (pytest); the whole suite
#      with the host playing Openfire 4.5 and 5.1, the line-dependent files on 4.7, 4.9 and 5.0,
#      and the line-dependent files on 5.1 again under the newest JDK here (temurin-25), if any
#   5. libFuzzer on the core for FUZZ_SECONDS (default 60)
#   6. soak: wrk load while the jar is replaced, for SOAK_SECONDS (default 60)
#   7. cross: the shipped JNI library of every platform (linux-x86_64, linux-aarch64,
#      windows-x86_64; libxml2 from Debian's source linked in): the cmocka suite, a JNI smoke test
#      and the shipped-library check (glibc baseline, DLL imports, exports), natively, under
#      qemu-user and under wine; then presence.jar must carry exactly those libraries
# Environment: FUZZ_SECONDS, SOAK_SECONDS, STAGES (e.g. "native asan java e2e") to run a subset.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
scripts/install-deps.sh || { echo "install-deps failed"; exit 1; }

STAGES=${STAGES:-"native asan java e2e fuzz soak cross"}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
SOAK_SECONDS=${SOAK_SECONDS:-60}
JOBS=2
passed=0; failed=0; failed_names=()

stage() {  # stage NAME COMMAND...: runs one stage, counts it
  local name=$1; shift
  echo; echo "=== stage $name: $*"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "=== stage $name passed ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failed_names+=("$name"); echo "=== stage $name FAILED ($((SECONDS - start)) s)"
  fi
}

native_tests() {  # native_tests BUILD_DIR CMAKE_ARGS...
  local dir=$1; shift
  cmake -S . -B "$dir" -DPRESENCE_JNI=OFF "$@" >/dev/null &&
  cmake --build "$dir" -j"$JOBS" &&
  ctest --test-dir "$dir" --output-on-failure
}
java_tests() { ant -q jar && ant -q -f tests/host/build.xml && ant test-java && ant -f tests/host/build.xml test; }
# Debian's python3 (with python3-pytest, python3-selenium), whatever python3 is first on PATH.
# The e2e files whose answers depend on the Openfire line the host plays (servlet lookup and
# excludes, canProbePresence, component probes, admin page and login, forbidden causes); the
# others check the core's answers (status_*, limits, hostile), the browser or reload, which no
# line changes. test_openfire_lines.py starts its own 4.7, 4.9 and 5.0 hosts: run once.
E2E_LINE_FILES="tests/e2e/test_requests.py tests/e2e/test_permissions.py tests/e2e/test_components.py
  tests/e2e/test_admin_page.py tests/e2e/test_forbidden.py"
e2e_line() {  # e2e_line LINE PYTEST_ARGS...: one pytest run with every host playing LINE
  local line=$1; shift
  local start=$SECONDS
  echo "--- e2e on Openfire $line: $*"
  E2E_OPENFIRE_LINE=$line /usr/bin/python3 -m pytest -q -p no:cacheprovider "$@" || return 1
  echo "--- e2e on Openfire $line passed ($((SECONDS - start)) s)"
}
e2e_tests() {
  local jdk=""
  # shellcheck disable=SC2086  # E2E_LINE_FILES is a list of paths on purpose
  e2e_line 4.5 tests/e2e &&
  e2e_line 5.1 tests/e2e --deselect tests/e2e/test_openfire_lines.py &&
  e2e_line 4.7 $E2E_LINE_FILES && e2e_line 4.9 $E2E_LINE_FILES && e2e_line 5.0 $E2E_LINE_FILES || return 1
  for candidate in /usr/lib/jvm/temurin-25*; do
    [ -x "$candidate/bin/java" ] && jdk=$candidate && break
  done
  if [ -z "$jdk" ]; then
    echo "--- e2e on the newest JDK: skipped, no /usr/lib/jvm/temurin-25* on this machine"
    return 0
  fi
  echo "--- e2e on the newest JDK: the host runs $jdk/bin/java"
  # shellcheck disable=SC2086
  PATH="$jdk/bin:$PATH" e2e_line 5.1 $E2E_LINE_FILES
}
fuzz_run() { tests/fuzz/run-fuzz.sh "$FUZZ_SECONDS"; }
cross_tests() {
  # the checker must reject a library that is not fit to ship (the system's libxml2)
  if scripts/check-native.sh linux-x86_64 /usr/lib/x86_64-linux-gnu/libxml2.so.2 >/dev/null; then
    echo "cross: scripts/check-native.sh accepted the system's libxml2.so.2"; return 1
  fi
  scripts/build-native.sh --tests || return 1
  ant -q jar || return 1
  # presence.jar carries exactly the libraries just tested, byte for byte
  local out=build/cross-jar entry
  rm -rf "$out" && mkdir -p "$out" && unzip -q -o build/presence.jar lib/presence-shim.jar -d "$out" &&
    unzip -q "$out/lib/presence-shim.jar" 'native/*' -d "$out" || return 1
  for entry in "$out"/native/*/*; do
    cmp "$entry" "build/native/jar/${entry#"$out"/native/}" || return 1
    echo "cross: presence.jar carries ${entry#"$out"/} ($(stat -c %s "$entry") bytes), as tested"
  done
  [ "$(cd "$out/native" && echo */*)" = "$(cd build/native/jar && echo */*)" ] ||
    { echo "cross: presence.jar's libraries differ from build/native/jar"; return 1; }
}
soak_run() { tests/soak/soak.sh "$SOAK_SECONDS"; }

for s in $STAGES; do
  case $s in
    native) stage native native_tests build/test-plain ;;
    asan)   stage asan native_tests build/test-asan -DPRESENCE_SANITIZE=ON ;;
    java)   stage java java_tests ;;
    e2e)    stage e2e e2e_tests ;;
    fuzz)   stage fuzz fuzz_run ;;
    soak)   stage soak soak_run ;;
    cross)  stage cross cross_tests ;;
    *) echo "unknown stage $s"; failed=$((failed + 1)); failed_names+=("$s") ;;
  esac
done

echo
[ $failed -eq 0 ] || echo "failed stages: ${failed_names[*]}"
echo "stages: $passed passed, $failed failed"
[ $failed -eq 0 ]
