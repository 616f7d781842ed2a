package bench;

/** Do-nothing native methods (bench/noop_jni.c): the same-JVM baseline for JniBench. */
final class Noop {
    private Noop() {}

    /** Returns at once. */
    static native void empty();

    /** Same signature as PresenceCore.resolve; ignores its arguments and returns null. */
    static native byte[] sameShape(byte[] packed, int flags, int priority);
}
