#!/bin/bash
# build-native.sh [--tests] [PLATFORM...]: builds the JNI library presence.jar ships for each
# PLATFORM (default: every cmake/toolchain-PLATFORM.cmake) and lays them out as the jar carries
# them: build/native/jar/PLATFORM/<System.mapLibraryName("presence")>, which build.xml packs
# into lib/presence-shim.jar as native/PLATFORM/... (nothing else is packed).
#  - A platform with a toolchain file is built in build/native/PLATFORM with that toolchain and
#    PRESENCE_STATIC_LIBXML2=ON (libxml2 from Debian's source, linked in; the glibc baseline).
#  - A platform without one (e.g. macos-aarch64, built on a Mac, README "Platforms") is taken as
#    built elsewhere: build/native/dist/PLATFORM/ must hold its library.
# --tests also builds the cmocka suite, the JNI smoke test and the shipped-library check for
# each platform and runs them (ctest; under qemu-user or wine for the other platforms).
# Builds are incremental; libxml2 and cmocka builds are cached in build/deps.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
tests=OFF
if [ "${1:-}" = "--tests" ]; then tests=ON; shift; fi
if [ $# -eq 0 ]; then
  set -- $(ls cmake/toolchain-*.cmake | sed 's|cmake/toolchain-\(.*\)\.cmake|\1|')
fi
DIST=$ROOT/build/native/dist
JAR_DIR=$ROOT/build/native/jar
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
export JAVA_HOME

rm -rf "$JAR_DIR"
mkdir -p "$ROOT/build/native"
for platform in "$@"; do
  toolchain=cmake/toolchain-$platform.cmake
  if [ -f "$toolchain" ]; then
    compiler=$(sed -n 's/^set(CMAKE_C_COMPILER \(.*\))$/\1/p' "$toolchain")
    compiler=${compiler//\$\{PRESENCE_TARGET_TRIPLE\}/$(sed -n 's/^set(PRESENCE_TARGET_TRIPLE \(.*\))$/\1/p' "$toolchain")}
    command -v "$compiler" >/dev/null || {
      echo "build-native: $platform needs $compiler: run scripts/install-deps.sh, or build fewer platforms" \
           "(scripts/build-native.sh linux-x86_64; ant jar -Dnative.platforms=linux-x86_64)" >&2
      exit 1; }
    dir=build/native/$platform
    echo "build-native: $platform in $dir (tests $tests)" >&2
    cmake -S . -B "$dir" --toolchain "$toolchain" -DCMAKE_BUILD_TYPE=Release -DPRESENCE_STATIC_LIBXML2=ON \
      -DPRESENCE_TESTS=$tests -DPRESENCE_DIST_DIR="$DIST" >"$ROOT/build/native/cmake-$platform.log" ||
      { tail -20 "$ROOT/build/native/cmake-$platform.log" >&2; exit 1; }
    if [ $tests = ON ]; then
      cmake --build "$dir" -j2
      ctest --test-dir "$dir" --output-on-failure
      scripts/check-native.sh "$platform" "$DIST/$platform"/*   # its summary, for the log
    else
      cmake --build "$dir" -j2 --target presence_jni_dist
    fi
  else
    [ -n "$(ls "$DIST/$platform" 2>/dev/null)" ] || {
      echo "build-native: no cmake/toolchain-$platform.cmake and no prebuilt library in $DIST/$platform" >&2
      exit 1; }
    echo "build-native: $platform: the prebuilt library in $DIST/$platform" >&2
  fi
  mkdir -p "$JAR_DIR/$platform"
  cp "$DIST/$platform"/* "$JAR_DIR/$platform/"
done
echo "build-native: packed for the jar: $(cd "$JAR_DIR" && echo */*)" >&2
