/*
 * jni_md.h for Windows (x86_64, MinGW-w64 gcc): the machine-dependent part of jni.h.
 * Debian's JDK ships jni.h with a Linux jni_md.h only; jni.h includes this file instead when
 * native/jni/CMakeLists.txt builds for Windows.
 *
 * What it must define, per the JNI specification ("JNI Types and Data Structures"):
 *   jint  — a signed 32-bit integer, jlong — a signed 64-bit integer, jbyte — a signed 8-bit
 *   integer (jni.h defines the other primitive types itself);
 *   JNIEXPORT / JNIIMPORT — how a function is exported from / imported into a shared library
 *   (on Windows: from a DLL, so the JVM finds Java_* and JNI_OnLoad with GetProcAddress);
 *   JNICALL — the calling convention of JNI functions and native methods (__stdcall on
 *   Windows; on x86_64 it is the one Windows x64 convention anyway).
 */
#ifndef PRESENCE_JNI_MD_H
#define PRESENCE_JNI_MD_H

#ifndef _WIN32
#error "native/platform/jni_md.h is the Windows one; use the JDK's include/<os>/jni_md.h elsewhere"
#endif

#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
#define JNICALL __stdcall

typedef int jint;            /* 32 bits on every Windows ABI (LLP64) */
typedef long long jlong;     /* 64 bits */
typedef signed char jbyte;   /* 8 bits, signed */

_Static_assert(sizeof(jint) == 4, "jint is 32 bits");
_Static_assert(sizeof(jlong) == 8, "jlong is 64 bits");

#endif
