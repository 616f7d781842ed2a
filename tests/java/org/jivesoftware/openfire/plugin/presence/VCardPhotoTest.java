package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.Test;
import presence.host.Directory;

/** VCardPhoto: PHOTO/BINVAL decoded, whitespace ignored, bounded before decoding, never thrown;
 *  StatusRequestFacts gathers it for type=avatar only. */
public class VCardPhotoTest {
    private static Element vcard(String binval) {
        Element vcard = DocumentHelper.createElement(QName.get("vCard", "vcard-temp"));
        Element photo = vcard.addElement("PHOTO");
        photo.addElement("TYPE").setText("image/png");
        if (binval != null) {
            photo.addElement("BINVAL").setText(binval);
        }
        return vcard;
    }

    @Test
    public void decodesBinvalWithLineBreaks() {
        byte[] bytes = "any bytes at all: the core decides".getBytes(StandardCharsets.UTF_8);
        String mime = Base64.getMimeEncoder(8, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
        assertArrayEquals(bytes, VCardPhoto.decode(vcard(mime)));
        assertArrayEquals(bytes, VCardPhoto.decode(vcard("\n  " + Base64.getEncoder().encodeToString(bytes) + "\t\n")));
    }

    @Test
    public void noPhotoIsNull() {
        assertNull(VCardPhoto.decode(null));
        assertNull(VCardPhoto.decode(DocumentHelper.createElement("vCard")));
        assertNull(VCardPhoto.decode(vcard(null)));
        assertNull(VCardPhoto.decode(vcard("")));
        assertNull(VCardPhoto.decode(vcard(" \n ")));
        assertNull(VCardPhoto.decode(vcard("<not base64!>")));
        assertNull(VCardPhoto.decode(vcard("QUJD=x")));
    }

    @Test
    public void aTextSeenAgainIsDecodedOnceAndEqualTextsNeverMix() {
        String text = Base64.getEncoder().encodeToString("first photo".getBytes(StandardCharsets.UTF_8));
        byte[] once = VCardPhoto.decode(vcard(text));
        assertSame("the same BINVAL text (a copied vCard) is not decoded again", once, VCardPhoto.decode(vcard(text)));
        // more distinct texts than the table holds, each decoded to its own bytes every time
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 500; i++) {
                byte[] photo = ("photo " + i).getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(photo, VCardPhoto.decode(vcard(Base64.getEncoder().encodeToString(photo))));
            }
        }
        assertNull(VCardPhoto.decode(vcard(new String("<not base64!>"))));
    }

    @Test
    public void boundedBeforeDecoding() {
        byte[] atBound = new byte[VCardPhoto.MAX_AVATAR_BYTES + 1];
        Arrays.fill(atBound, (byte) 7);
        String base64 = Base64.getEncoder().encodeToString(atBound);
        assertArrayEquals(atBound, VCardPhoto.decode(vcard(base64)));  // one over: the core refuses it
        assertNull(VCardPhoto.decode(vcard(base64 + "AAAA")));            // more: never decoded
        char[] spaces = new char[VCardPhoto.MAX_BINVAL_CHARS];
        Arrays.fill(spaces, ' ');
        assertNull(VCardPhoto.decode(vcard(new String(spaces) + "QUJD")));
    }

    @Test
    public void gatheredOnlyForTypeAvatar() {
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Directory.install(Directory.fromJson(TestDirectory.JSON.replace(
                "{\"username\": \"carol\",", "{\"username\": \"carol\", \"avatar\": \"" + png + "\",")));
        try {
            for (String type : new String[] {"avatar", "image", "text", "xml", "json", "badge", "Avatar"}) {
                Map<String, String> parameters = new HashMap<>();
                parameters.put("jid", "carol@example.com");
                parameters.put("type", type);
                byte[] avatar = StatusRequestFacts.gather(parameters::get, null).fields[PresenceCore.FIELD_AVATAR];
                if (type.equals("avatar")) {
                    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, avatar);
                } else {
                    assertNull(type, avatar);
                }
            }
        } finally {
            TestDirectory.install();
        }
    }
}
