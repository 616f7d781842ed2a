# layout.cmake — derives the JNI-free presence_layout.h from the header `javac -h` generates for
# PresenceCore.java (the one definition of the packed layout, see that class).
#   cmake -DJNI_HEADER=FILE -DOUTPUT=FILE -P layout.cmake
# Every `#define <class prefix>_NAME VALUEL` of PresenceCore becomes `#define LAYOUT_NAME (VALUE)`;
# anything else of the generated header (jni.h, the native prototype) is left out. A constant
# that is not a plain int fails the build, so the C side never sees a value it would misread.
set(prefix "org_jivesoftware_openfire_plugin_presence_PresenceCore_")
file(STRINGS "${JNI_HEADER}" lines REGEX "^#define ${prefix}")
if(NOT lines)
  message(FATAL_ERROR "layout.cmake: no constant of PresenceCore in ${JNI_HEADER}")
endif()
set(body "")
foreach(line IN LISTS lines)
  if(line MATCHES "^#define ${prefix}([A-Z][A-Z0-9_]*) (-?[0-9]+)L$")
    string(APPEND body "#define LAYOUT_${CMAKE_MATCH_1} (${CMAKE_MATCH_2})\n")
  else()
    message(FATAL_ERROR "layout.cmake: not an int constant of PresenceCore: ${line}")
  endif()
endforeach()
set(text "/* presence_layout.h — GENERATED at build time from PresenceCore.java (javac -h, then
 * native/codec/layout.cmake). Do not edit: change the constants in PresenceCore.java. */
#ifndef PRESENCE_LAYOUT_H
#define PRESENCE_LAYOUT_H
${body}#endif /* PRESENCE_LAYOUT_H */
")
file(WRITE "${OUTPUT}" "${text}")
