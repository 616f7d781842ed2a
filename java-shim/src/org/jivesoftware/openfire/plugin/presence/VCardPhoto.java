package org.jivesoftware.openfire.plugin.presence;

import java.util.Base64;
import org.dom4j.Element;
import org.jivesoftware.openfire.vcard.VCardManager;

/**
 * The photo of a user's vCard (vcard-temp, XEP-0054: PHOTO/BINVAL, base64) as bytes: a fact for
 * type=avatar, read only for that type. The bytes are not trusted here or anywhere: the core
 * checks what they are and answers the default avatar for anything it does not accept; the
 * vCard's PHOTO/TYPE is not read (the core names the type from the bytes).
 */
final class VCardPhoto {
    /** PresenceCore.MAX_AVATAR_BYTES (presence.h PRESENCE_MAX_AVATAR): the core serves no larger photo. */
    static final int MAX_AVATAR_BYTES = PresenceCore.MAX_AVATAR_BYTES;
    /** Base64 characters (whitespace removed) of a photo one byte over that bound, rounded up:
     * more are not decoded, as the core would refuse the result anyway. */
    static final int MAX_BASE64_CHARS = 4 * ((MAX_AVATAR_BYTES + 1 + 2) / 3);
    /** BINVAL text read at most, line breaks and indentation included (MIME wraps at 76). */
    static final int MAX_BINVAL_CHARS = 2 * MAX_BASE64_CHARS;

    /**
     * Recently decoded photos by the identity of their BINVAL text. Openfire hands out copies of
     * its cached vCard that share the text, so a photo asked for again is not decoded again (a
     * 64 KiB photo costs tens of microseconds to decode). SLOTS entries, so at most SLOTS photos
     * are held; an entry is replaced by whichever text next falls in its slot. Threads share it
     * without locks, safely: an entry is immutable, the same String object is the same text, and
     * the photo bytes handed out are never modified (PresenceCore.pack copies them).
     */
    private static final int SLOTS = 32;
    private static final Decoded[] RECENT = new Decoded[SLOTS];

    private static final class Decoded {
        final String text;
        final byte[] photo;

        Decoded(String text, byte[] photo) {
            this.text = text;
            this.photo = photo;
        }
    }

    private VCardPhoto() {
    }

    /** The decoded photo of username's vCard, or null: no VCardManager, no vCard, no PHOTO/BINVAL,
     * BINVAL over MAX_BINVAL_CHARS or over MAX_BASE64_CHARS without whitespace, not base64, or
     * any failure of the lookup (a missing photo is a fact, never an error of the request). */
    static byte[] of(String username) {
        try {
            VCardManager manager = VCardManager.getInstance();
            return manager == null ? null : decode(manager.getVCard(username));
        } catch (RuntimeException lookupFailed) {
            return null;
        }
    }

    /** The decoded PHOTO/BINVAL of a vCard element (null: none, see {@link #of}); the bytes must
     * not be modified (they may be shared with other calls). */
    static byte[] decode(Element vcard) {
        Element photo = vcard == null ? null : vcard.element("PHOTO");
        Element binval = photo == null ? null : photo.element("BINVAL");
        String text = binval == null ? null : binval.getText();
        if (text == null || text.length() > MAX_BINVAL_CHARS) {
            return null;
        }
        int slot = System.identityHashCode(text) & (SLOTS - 1);
        Decoded recent = RECENT[slot];
        if (recent != null && recent.text == text) {
            return recent.photo;
        }
        byte[] decoded = decodeBase64(text);
        RECENT[slot] = new Decoded(text, decoded);
        return decoded;
    }

    /** The bytes of base64 text with whitespace removed; null when empty, over MAX_BASE64_CHARS
     * or not base64. */
    private static byte[] decodeBase64(String text) {
        StringBuilder base64 = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                base64.append(c);
            }
        }
        if (base64.length() == 0 || base64.length() > MAX_BASE64_CHARS) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
