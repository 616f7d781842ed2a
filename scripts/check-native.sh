#!/bin/bash
# check-native.sh PLATFORM LIBRARY: checks that a JNI library is fit to ship, and fails naming
# each problem:
#  - Linux: it needs only libc.so.6, libm.so.6, libdl.so.2, libpthread.so.0 (NEEDED), and no
#    symbol version newer than the glibc baseline GLIBC_2.17 (native/platform/glibc_baseline.h),
#    nor any non-glibc symbol version (libgcc_s, libstdc++...);
#  - Windows: it imports only DLLs of Windows itself (no libwinpthread, libgcc, libxml2 ...);
#  - both: it exports only the JNI entry points (Java_*, JNI_OnLoad, JNI_OnUnload).
# Prints a one-line summary on success.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 PLATFORM LIBRARY" >&2; exit 2; }
platform=$1 library=$2
BASELINE=2.17
ALLOWED_NEEDED="libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0"
# Windows' own DLLs a MinGW-w64 DLL may import (case-insensitive)
ALLOWED_DLLS="kernel32.dll msvcrt.dll advapi32.dll user32.dll ws2_32.dll bcrypt.dll ntdll.dll"
JNI_EXPORTS='^(Java_[A-Za-z0-9_]+|JNI_OnLoad|JNI_OnUnload)$'
problems=()
[ -f "$library" ] || { echo "check-native: $library does not exist" >&2; exit 1; }

case $platform in
  linux-*)
    needed=$(readelf -d "$library" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    for n in $needed; do
      [[ " $ALLOWED_NEEDED " == *" $n "* ]] || problems+=("needs $n (only $ALLOWED_NEEDED are allowed)")
    done
    # the version column of the dynamic symbol table ("(GLIBC_2.2.5)" when needed, "Base" for ours)
    versions=$(objdump -T "$library" | awk 'seen && NF >= 6 {v = $(NF-1); gsub(/[()]/, "", v);
                                            if (v ~ /^[A-Za-z]/ && v != "Base") print v}
                                            /DYNAMIC SYMBOL TABLE/ {seen = 1}' | sort -uV)
    highest=""
    for v in $versions; do
      case $v in
        GLIBC_PRIVATE) problems+=("uses GLIBC_PRIVATE symbols") ;;
        GLIBC_[0-9]*)
          number=${v#GLIBC_}
          if [ "$(printf '%s\n%s\n' "$number" "$BASELINE" | sort -V | tail -1)" != "$BASELINE" ]; then
            problems+=("needs $v: $(objdump -T "$library" | grep -F "($v)" | awk '{print $NF}' | tr '\n' ' ')")
          fi
          highest=$v ;;
        *) problems+=("needs symbol version $v (not glibc)") ;;
      esac
    done
    exports=$(nm -D --defined-only "$library" | awk '$2 != "A" {print $3}')
    summary="NEEDED: $(echo $needed); highest symbol version: ${highest:-none}"
    ;;
  windows-*)
    objdump=x86_64-w64-mingw32-objdump
    dlls=$($objdump -p "$library" | sed -n 's/^[[:space:]]*DLL Name: //p')
    for d in $dlls; do
      lower=$(echo "$d" | tr 'A-Z' 'a-z')
      [[ " $ALLOWED_DLLS " == *" $lower "* ]] || problems+=("imports $d (not a Windows system DLL)")
    done
    # the export table's name pointer table: "[ordinal] name" lines after its heading
    exports=$($objdump -p "$library" | awk '/^\[Ordinal\/Name Pointer\] Table/ {on = 1; next}
                                            on && /^[[:space:]]*$/ {on = 0}
                                            on {print $NF}')
    summary="imports: $(echo $dlls)"
    ;;
  *) echo "check-native: no rules for platform $platform" >&2; exit 2 ;;
esac
[ -n "$exports" ] || problems+=("exports nothing")
for e in $exports; do
  [[ $e =~ $JNI_EXPORTS ]] || problems+=("exports $e (only the JNI entry points may be)")
done

if [ ${#problems[@]} -gt 0 ]; then
  for p in "${problems[@]}"; do echo "check-native: $library: $p"; done
  exit 1
fi
echo "check-native: $platform $(basename "$library") ($(stat -c %s "$library") bytes): $summary; exports: $(echo $exports)"
