#!/bin/bash
# Installs, from Debian's packages, everything presence.jar needs to build, run and test.
# Idempotent: does nothing when every package is already installed. Needs root for apt-get.
set -euo pipefail
PACKAGES=(
  cmake gcc clang make pkg-config libxml2-dev libxml2-utils libcmocka-dev valgrind   # native core and its tests
  libclang-rt-14-dev                                                           # libFuzzer + sanitizer runtimes for clang
  openjdk-17-jdk-headless ant ant-optional junit4 libhamcrest-java             # Java shim and JUnit
  libservlet-api-java libjetty9-java libjackson2-databind-java libslf4j-java    # servlet API, the plugin host
  libdom4j-java fonts-dejavu-core                                              # dom4j (Openfire ships it: compile only); badge metrics
  python3 python3-pytest python3-selenium chromium chromium-driver curl wrk    # end-to-end, browser, load
  procps psmisc file unzip zip                                                  # ps, fuser, file, jar listing
  dpkg-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-mingw-w64-x86-64      # shipped libraries: Debian's
  qemu-user wine64                                                              # sources, cross compilers; run them
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
