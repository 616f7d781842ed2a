#!/bin/bash
# build-dep.sh PLATFORM PACKAGE: builds PACKAGE (libxml2 or cmocka) for PLATFORM from Debian's own
# source package of the version installed here (scripts/debian-source.sh), as a static,
# position-independent library, and prints its install prefix (PREFIX/include, PREFIX/lib).
# PLATFORM is a cmake/toolchain-PLATFORM.cmake; its PRESENCE_TARGET_TRIPLE names the compiler.
#
# libxml2 is configured for what the core uses and nothing else: the tree, the push parser and
# the serialiser, thread support (POSIX threads on Linux, Win32 threads on Windows); no
# HTTP/FTP, no ICU, iconv, lzma or zlib, no catalogs, modules, HTML, XPath, schemas or Python.
# The upstream configure script is used as shipped (--disable-maintainer-mode: Debian's patches
# touch Makefile.am only for tests and documentation, so nothing is regenerated).
# Its objects have hidden visibility, so nothing of it is exported from the JNI library.
# On Linux every object is compiled with native/platform/glibc_baseline.h, and without stat()
# (GLIBC_2.33; libxml2 only used it to check file names, and the core parses no files).
# cmocka (the test framework, never shipped) is built for running the tests on the target.
#
# Builds are cached in build/deps/PLATFORM/PACKAGE-VERSION-KEY, KEY a hash of this script, the
# toolchain file and the baseline header: a second call prints the prefix at once.
# Environment: LIBXML2_VERSION, CMOCKA_VERSION override the Debian versions; JOBS (default 2).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 PLATFORM libxml2|cmocka" >&2; exit 2; }
platform=$1 package=$2
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-2}
toolchain=$ROOT/cmake/toolchain-$platform.cmake
[ -f "$toolchain" ] || { echo "build-dep: no platform $platform (no $toolchain)" >&2; exit 2; }
triple=$(sed -n 's/^set(PRESENCE_TARGET_TRIPLE \([^ )]*\))$/\1/p' "$toolchain")
[ -n "$triple" ] || { echo "build-dep: $toolchain sets no PRESENCE_TARGET_TRIPLE" >&2; exit 1; }
baseline=$ROOT/native/platform/glibc_baseline.h

installed_version() {  # the Debian version of the binary package $1 installed here
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null ||
    { echo "build-dep: $1 is not installed (scripts/install-deps.sh)" >&2; exit 1; }
}
case $package in
  libxml2) version=${LIBXML2_VERSION:-$(installed_version libxml2-dev)} ;;
  cmocka)  version=${CMOCKA_VERSION:-$(installed_version libcmocka-dev)} ;;
  *) echo "build-dep: unknown package $package" >&2; exit 2 ;;
esac
key=$(cat "$0" "$toolchain" "$baseline" | sha256sum | cut -c1-12)
prefix=$ROOT/build/deps/$platform/$package-${version//[^A-Za-z0-9.+-]/_}-$key
if [ -f "$prefix/.built" ]; then
  echo "$prefix"
  exit 0
fi

work=$ROOT/build/deps/$platform/work-$package
rm -rf "$work" "$ROOT/build/deps/$platform/$package"-*   # this and older builds of it
scripts/debian-source.sh "$package" "$version" "$work/src"
start=$SECONDS
echo "build-dep: building $package $version for $platform ($triple) in $work" >&2

case $triple in
  *-linux-gnu) platform_cflags="-include $baseline" ;;
  # static inside a DLL (per-thread state freed by the DLL's DllMain, native/jni/presence_unload.c);
  # MinGW's C99 printf formats
  *-mingw32)   platform_cflags="-DLIBXML_STATIC -DLIBXML_STATIC_FOR_DLL -D__USE_MINGW_ANSI_STDIO=1" ;;
  *) platform_cflags="" ;;
esac

case $package in
  libxml2)
    mkdir -p "$work/build"
    (cd "$work/build" &&
      "$work/src/configure" --host="$triple" --prefix="$prefix" --disable-shared --enable-static --with-pic \
        --disable-maintainer-mode \
        --with-minimum --with-threads --with-tree --with-output --with-push \
        --without-python --without-http --without-ftp --without-iconv --without-icu \
        --without-lzma --without-zlib --without-modules --without-catalog --without-debug \
        CC="$triple-gcc" AR="$triple-ar" RANLIB="$triple-ranlib" \
        ac_cv_func_stat=no CFLAGS="-O2 -fvisibility=hidden $platform_cflags" >"$work/configure.log" 2>&1 ||
        { tail -30 "$work/configure.log" >&2; exit 1; }
      make -j"$JOBS" libxml2.la >"$work/make.log" 2>&1 || { tail -30 "$work/make.log" >&2; exit 1; }
      make install-libLTLIBRARIES install-data >>"$work/make.log" 2>&1 ||
        { tail -30 "$work/make.log" >&2; exit 1; })
    ;;
  cmocka)
    cmake -S "$work/src" -B "$work/build" --toolchain "$toolchain" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib -DWITH_STATIC_LIB=ON \
      -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF -DCMAKE_C_FLAGS="$platform_cflags" \
      -DCMAKE_POSITION_INDEPENDENT_CODE=ON >"$work/configure.log" 2>&1 ||
      { tail -30 "$work/configure.log" >&2; exit 1; }
    cmake --build "$work/build" -j"$JOBS" >"$work/make.log" 2>&1 &&
      cmake --install "$work/build" >>"$work/make.log" 2>&1 || { tail -30 "$work/make.log" >&2; exit 1; }
    ;;
esac
echo "$package $version $platform $triple" >"$prefix/.built"
rm -rf "$work"
echo "build-dep: $package for $platform built in $((SECONDS - start)) s" >&2
echo "$prefix"
