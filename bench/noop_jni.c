/*
 * noop_jni.c — bench-only JNI library for class bench.Noop: native methods that do nothing,
 * the baseline against which JniBench times PresenceCore.resolve in the same JVM.
 */
#include <jni.h>

/* static native void empty(): returns at once. */
JNIEXPORT void JNICALL Java_bench_Noop_empty(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
}

/* static native byte[] sameShape(byte[] packed, int flags, int priority): the signature of
 * PresenceCore.resolve, touches nothing, returns null. */
JNIEXPORT jbyteArray JNICALL Java_bench_Noop_sameShape(JNIEnv *env, jclass cls, jbyteArray packed,
                                                       jint flags, jint priority) {
    (void)env;
    (void)cls;
    (void)packed;
    (void)flags;
    (void)priority;
    return NULL;
}
