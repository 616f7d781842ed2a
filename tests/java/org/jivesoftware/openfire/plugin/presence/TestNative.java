package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;

/** Loads the native core once into the test class loader, and calls it with named fields. */
final class TestNative {
    private static NativeLibrary.Status status;

    private TestNative() {
    }

    /** Loads the library (from the shim jar on the test class path) once; fails the test if it cannot. */
    static synchronized void require() {
        if (status == null) {
            status = NativeLibrary.load();
        }
        assertTrue("native core not loaded: " + status.reason(), status.loaded());
    }

    /** The arguments of one resolve call. */
    static final class Call {
        final byte[][] fields = new byte[PresenceCore.FIELD_COUNT][];
        int flags;
        int priority;

        Call set(int field, String value) {
            fields[field] = value.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        Call param(String name, String value) {
            return set(StatusRequestFacts.PARAMETERS.indexOf(name), value);
        }

        Call flags(int... bits) {
            for (int bit : bits) {
                flags |= bit;
            }
            return this;
        }

        CoreAnswer resolve() {
            require();
            return CoreAnswer.decode(PresenceCore.resolveFields(fields, flags, priority));
        }
    }

    static Call call() {
        return new Call();
    }

    /** A local, existing user whose presence is public. */
    static Call localUser(String bareJid) {
        return call().param("jid", bareJid).set(PresenceCore.FIELD_JID_BARE, bareJid)
            .flags(PresenceCore.FLAG_JID_VALID, PresenceCore.FLAG_JID_HAS_NODE,
                   PresenceCore.DOMAIN_LOCAL << PresenceCore.FLAG_DOMAIN_SHIFT,
                   PresenceCore.FLAG_SUBJECT_EXISTS, PresenceCore.FLAG_PRESENCE_PUBLIC);
    }

    static String body(CoreAnswer answer) {
        return new String(answer.body(), answer.bodyOffset(), answer.bodyLength(), StandardCharsets.UTF_8);
    }

    static String header(CoreAnswer answer, String name) {
        return answer.headers().stream().filter(h -> h.name().equalsIgnoreCase(name))
            .map(CoreAnswer.Header::value).findFirst().orElse(null);
    }
}
