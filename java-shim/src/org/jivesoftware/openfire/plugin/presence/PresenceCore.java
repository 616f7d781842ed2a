package org.jivesoftware.openfire.plugin.presence;

/**
 * The JNI entry into the C decision core (native/jni/presence_jni.c). This class calls
 * System.load, so the library is bound to the class loader that loaded this class.
 */
final class PresenceCore {
    /** Number of fields of a packed call (README, "The JNI boundary"). */
    static final int FIELD_COUNT = 17;
    /** Bytes of the packed header: one big-endian i32 length per field. */
    static final int HEADER_BYTES = 4 * FIELD_COUNT;

    private PresenceCore() {
    }

    /** Loads the native library from an absolute path; throws UnsatisfiedLinkError on failure. */
    static void load(String absolutePath) {
        System.load(absolutePath);
    }

    /**
     * Packs the fields (FIELD_COUNT entries, UTF-8, null = absent) into resolve's one byte[]:
     * FIELD_COUNT big-endian i32 lengths (-1 = absent), then the present fields' bytes in order.
     * Throws IllegalArgumentException for a wrong number of fields, ArithmeticException when the
     * total exceeds a Java array.
     */
    static byte[] pack(byte[][] fields) {
        if (fields.length != FIELD_COUNT) {
            throw new IllegalArgumentException("expected " + FIELD_COUNT + " fields, got " + fields.length);
        }
        int total = HEADER_BYTES;
        for (byte[] field : fields) {
            if (field != null) {
                total = Math.addExact(total, field.length);
            }
        }
        byte[] packed = new byte[total];
        int at = HEADER_BYTES;
        for (int i = 0; i < FIELD_COUNT; i++) {
            byte[] field = fields[i];
            int length = field == null ? -1 : field.length;
            packed[4 * i] = (byte) (length >>> 24);
            packed[4 * i + 1] = (byte) (length >>> 16);
            packed[4 * i + 2] = (byte) (length >>> 8);
            packed[4 * i + 3] = (byte) length;
            if (field != null) {
                System.arraycopy(field, 0, packed, at, field.length);
                at += field.length;
            }
        }
        return packed;
    }

    /**
     * Resolves one request: the fields packed by {@link #pack}, flags and priority as in README's
     * "The JNI boundary". Returns the encoded answer (see {@link CoreAnswer}), or null when the
     * packing is malformed (null, lengths that do not add up to the array's size) or the native
     * side ran out of memory.
     */
    static native byte[] resolve(byte[] packed, int flags, int priority);

    /** resolve(pack(fields), flags, priority). */
    static byte[] resolveFields(byte[][] fields, int flags, int priority) {
        return resolve(pack(fields), flags, priority);
    }
}
