package org.jivesoftware.openfire.plugin.presence;

/**
 * The JNI entry into the C decision core (native/jni/presence_jni.c). This class calls
 * System.load, so the library is bound to the class loader that loaded this class.
 */
final class PresenceCore {
    /** Number of entries of the fields array (README, "The JNI boundary"). */
    static final int FIELD_COUNT = 17;

    private PresenceCore() {
    }

    /** Loads the native library from an absolute path; throws UnsatisfiedLinkError on failure. */
    static void load(String absolutePath) {
        System.load(absolutePath);
    }

    /**
     * Resolves one request: fields (UTF-8, null = absent), flags and priority as in README's
     * "The JNI boundary". Returns the encoded answer (see {@link CoreAnswer}), or null when the
     * native side ran out of memory.
     */
    static native byte[] resolve(byte[][] fields, int flags, int priority);
}
