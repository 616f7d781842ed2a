package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** The admin page's address builder: its tables, the validation of its fields, URLs and snippets. */
public class AddressBuilderTest {
    private static final String STATUS = "https://chat.example.com/plugins/presence/status";

    private static AddressBuilder.Request parse(String... pairs) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return AddressBuilder.parse(fields::get);
    }

    @Test
    public void theTablesAreConsistent() {
        assertEquals("image", AddressBuilder.TYPES.get(0).name);
        HashSet<String> names = new HashSet<>();
        for (AddressBuilder.Type type : AddressBuilder.TYPES) {
            assertTrue("type listed twice: " + type.name, names.add(type.name));
        }
        for (AddressBuilder.Option option : AddressBuilder.OPTIONS) {
            assertFalse(option.parameter, option.types.isEmpty());
            assertTrue(option.parameter + " is a status parameter", StatusRequestFacts.PARAMETERS.contains(option.parameter));
            for (String type : option.types) {
                assertNotNull(option.parameter + " names an unknown type " + type, AddressBuilder.type(type));
            }
            assertEquals(option.parameter + " lists a value twice", option.values.size(), new HashSet<>(option.values).size());
            assertFalse(option.parameter + " lists an empty value (empty means absent)", option.values.contains(""));
            assertTrue(option.parameter + ": a choice or a bounded text", option.isChoice() || option.maxBytes > 0);
        }
    }

    @Test
    public void theLabelBoundIsTheCores() throws Exception {
        String header = new String(Files.readAllBytes(new File(System.getProperty("presence.root"),
                "native/core/presence.h").toPath()), StandardCharsets.UTF_8);
        Matcher bound = Pattern.compile("#define\\s+PRESENCE_MAX_LABEL\\s+(\\d+)u").matcher(header);
        assertTrue("PRESENCE_MAX_LABEL is not in presence.h", bound.find());
        assertEquals(Integer.parseInt(bound.group(1)), AddressBuilder.MAX_LABEL_BYTES);
        assertEquals(AddressBuilder.MAX_LABEL_BYTES, AddressBuilder.option("label").maxBytes);
    }

    @Test
    public void unknownTypesAndValuesAreNamedAndLeftOut() {
        AddressBuilder.Request request = parse("build-type", "<script>", "build-user", "  alice ");
        assertEquals("image", request.type.name);
        assertEquals("alice", request.username);
        assertEquals(1, request.problems.size());
        assertEquals("presence.builder.error.type", request.problems.get(0)[0]);
        request = parse("build-type", "badge", "build-message", "2", "build-label", "a\nb");
        assertEquals("badge", request.type.name);
        assertTrue(request.options.isEmpty());
        assertEquals(2, request.problems.size());
        StringBuilder longLabel = new StringBuilder();
        for (int i = 0; i < AddressBuilder.MAX_LABEL_BYTES / 2; i++) {
            longLabel.append('\u00e9');  // two bytes each: exactly the bound
        }
        request = parse("build-type", "badge", "build-label", longLabel.toString());
        assertEquals(longLabel.toString(), request.options.get("label"));
        request = parse("build-type", "badge", "build-label", longLabel + "x");
        assertNull(request.options.get("label"));
        request = parse("build-type", "text", "build-label", "ignored", "build-message", "1");
        assertTrue("options of other types are not used", request.options.isEmpty());
        assertTrue(request.problems.isEmpty());
        StringBuilder longName = new StringBuilder();
        for (int i = 0; i <= AdminPage.MAX_USERNAME_LENGTH; i++) {
            longName.append('x');
        }
        request = parse("build-user", longName.toString());
        assertNull(request.username);
        assertEquals("presence.builder.error.user", request.problems.get(0)[0]);
    }

    @Test
    public void urlsAreEncodedAndSnippetsEscaped() {
        AddressBuilder.Request request = parse("build-type", "badge", "build-label", "a&b \"<c>\",=", "build-message", "1");
        String url = AddressBuilder.url(STATUS, request, "o'neil&co@example.com", null);
        assertEquals(STATUS + "?jid=o%27neil%26co%40example.com&type=badge&label=a%26b+%22%3Cc%3E%22%2C%3D&message=1", url);
        assertEquals("<img src=\"" + url + "\" alt=\"Presence of &lt;x&gt; &amp; &quot;y&quot;\">",
                AddressBuilder.snippet(url, request, "Presence of <x> & \"y\""));
        request = parse("build-type", "text");
        url = AddressBuilder.url(STATUS, request, "alice@example.com", "AAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(STATUS + "?id=AAAAAAAAAAAAAAAAAAAAAA&type=text", url);
        assertEquals("fetch(\"" + url + "\").then(r => r.text()).then(answer => console.log(answer));",
                AddressBuilder.snippet(url, request, "x"));
        request = parse("build-type", "shields");
        url = AddressBuilder.url(STATUS, request, "alice@example.com", null);
        assertEquals("<img src=\"https://img.shields.io/endpoint?url=" + AddressBuilder.encode(url) + "\" alt=\"x\">",
                AddressBuilder.snippet(url, request, "x"));
        request = parse("build-type", "avatar");
        url = AddressBuilder.url(STATUS, request, "alice@example.com", null);
        assertEquals("<img src=\"" + url + "\" width=\"64\" height=\"64\" alt=\"x\">", AddressBuilder.snippet(url, request, "x"));
    }

    @Test
    public void iconsGetTheLargerSizesThatAreWholeMultiplesAsSrcset() {
        AddressBuilder.Request request = parse("build-theme", "contrast");
        String url = AddressBuilder.url(STATUS, request, "a@example.com", null);
        assertEquals(STATUS + "?jid=a%40example.com&theme=contrast", url);
        assertEquals("<img src=\"" + url + "&size=16\" srcset=\"" + url + "&size=32 2x, " + url + "&size=48 3x\""
                + " width=\"16\" height=\"16\" alt=\"x\">", AddressBuilder.snippet(url, request, "x"));
        request = parse("build-size", "32");
        url = AddressBuilder.url(STATUS, request, "a@example.com", null);
        assertEquals("<img src=\"" + url + "&size=32\" width=\"32\" height=\"32\" alt=\"x\">",
                AddressBuilder.snippet(url, request, "x"));
        request = parse("build-format", "svg", "build-size", "48");
        url = AddressBuilder.url(STATUS, request, "a@example.com", null);
        assertEquals("<img src=\"" + url + "&size=48\" width=\"48\" height=\"48\" alt=\"x\">",
                AddressBuilder.snippet(url, request, "x"));
        assertEquals("themes are PresenceSettings.THEMES", PresenceSettings.THEMES, AddressBuilder.option("theme").values);
    }
}
