package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.util.JiveGlobals;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import presence.host.Directory;

/** PresenceStatusServlet in process, with fake request/response objects. */
public class StatusServletTest {
    private final PresenceStatusServlet servlet = new PresenceStatusServlet();

    @Before
    public void setUp() {
        TestDirectory.install();
    }

    @After
    public void tearDown() {
        PluginState.publish(null);
        TestDirectory.install();
    }

    private static void publishLoadedCore() {
        TestNative.require();
        PluginState.publish(new PluginState(null, new NativeLibrary.Status(true, "loaded for the test", null), null));
    }

    private FakeHttp.Recorded send(String method, String... namesAndValues) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return send(method, parameters);
    }

    private FakeHttp.Recorded send(String method, Map<String, String> parameters) throws Exception {
        FakeHttp.Recorded recorded = new FakeHttp.Recorded();
        servlet.service(FakeHttp.request(method, parameters, null), recorded.response());
        return recorded;
    }

    /** A plain-text answer (the core's or the servlet's own) with every security header. */
    private static void assertPlain(FakeHttp.Recorded answer, int status, String bodyPart) {
        assertEquals(status, answer.status);
        assertEquals("text/plain; charset=UTF-8", answer.contentType);
        assertTrue(answer.text(), answer.text().contains(bodyPart));
        assertFalse("one line", answer.text().contains("\n"));
        assertFalse("no stack trace", answer.text().contains("Exception"));
        assertEquals(answer.body.size(), answer.contentLength);
        assertEquals("nosniff", answer.headers.get("X-Content-Type-Options"));
        assertEquals("no-cache", answer.headers.get("Cache-Control"));
        assertEquals(PresenceStatusServlet.CONTENT_SECURITY_POLICY, answer.headers.get("Content-Security-Policy"));
        assertEquals("*", answer.headers.get("Access-Control-Allow-Origin"));
        assertFalse(answer.headers.containsKey("Access-Control-Allow-Credentials"));
    }

    @Test
    public void theServletsOriginIsTheCoresOrigin() throws Exception {
        String header = Files.readString(Path.of("native", "core", "presence.h"));
        Matcher define = Pattern.compile("#define\\s+PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN\\s+\"([^\"]*)\"").matcher(header);
        assertTrue("presence.h defines PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN", define.find());
        assertEquals(define.group(1), PresenceStatusServlet.ACCESS_CONTROL_ALLOW_ORIGIN);
        publishLoadedCore();
        FakeHttp.Recorded core = send("GET", "jid", "alice@example.com", "type", "json");
        assertEquals(PresenceStatusServlet.ACCESS_CONTROL_ALLOW_ORIGIN, core.headers.get("Access-Control-Allow-Origin"));
        assertEquals("{\"status\":\"forbidden\"}", core.text());
        assertEquals("application/json; charset=utf-8", core.contentType);
    }

    @Test
    public void theServletsPolicyIsTheCoresPolicy() throws Exception {
        String header = Files.readString(Path.of("native", "core", "presence.h"));
        Matcher define = Pattern.compile("#define\\s+PRESENCE_CONTENT_SECURITY_POLICY\\s+\"([^\"]*)\"").matcher(header);
        assertTrue("presence.h defines PRESENCE_CONTENT_SECURITY_POLICY", define.find());
        assertEquals(define.group(1), PresenceStatusServlet.CONTENT_SECURITY_POLICY);
        publishLoadedCore();
        FakeHttp.Recorded core = send("GET", "jid", "alice@example.com", "type", "text");
        assertEquals(PresenceStatusServlet.CONTENT_SECURITY_POLICY, core.headers.get("Content-Security-Policy"));
    }

    @Test
    public void notInitializedIs503() throws Exception {
        PluginState.publish(null);
        FakeHttp.Recorded answer = send("GET", "jid", "alice@example.com");
        assertPlain(answer, 503, "The presence service is unavailable.");
        assertEquals(PresenceStatusServlet.UNAVAILABLE_SENTENCE, answer.text());
    }

    @Test
    public void missingNativeLibraryIs503WithOneFixedSentence() throws Exception {
        NativeLibrary.Status missing = NativeLibrary.load("native/no-such-platform/libpresence.so");
        assertFalse(missing.loaded());
        PluginState.publish(new PluginState(null, missing, null));
        FakeHttp.Recorded answer = send("GET", "jid", "alice@example.com", "type", "text");
        assertPlain(answer, 503, "The presence service is unavailable.");
        assertEquals("the reason stays in the log and on the admin page",
                PresenceStatusServlet.UNAVAILABLE_SENTENCE, answer.text());
        assertFalse(answer.text(), answer.text().contains("no-such-platform"));
    }

    /** A request with multi-valued parameters and headers. */
    private FakeHttp.Recorded sendWith(String method, Map<String, List<String>> parameters,
                                       Map<String, List<String>> headers) throws Exception {
        FakeHttp.Recorded recorded = new FakeHttp.Recorded();
        servlet.service(FakeHttp.request(method, parameters, headers, null), recorded.response());
        return recorded;
    }

    @Test
    public void theServletsMethodsAreTheCoresMethods() throws Exception {
        String header = Files.readString(Path.of("native", "core", "presence.h"));
        Matcher define = Pattern.compile("#define\\s+PRESENCE_ALLOWED_METHODS\\s+\"([^\"]*)\"").matcher(header);
        assertTrue("presence.h defines PRESENCE_ALLOWED_METHODS", define.find());
        assertEquals(define.group(1), PresenceStatusServlet.ALLOWED_METHODS);
    }

    @Test
    public void theSettingsLimitsAreTheCoresLimits() throws Exception {
        String header = Files.readString(Path.of("native", "core", "presence.h"));
        Matcher maxAge = Pattern.compile("#define\\s+PRESENCE_MAX_CACHE_MAX_AGE\\s+(\\d+)u").matcher(header);
        Matcher origins = Pattern.compile("#define\\s+PRESENCE_MAX_CORS_ORIGINS\\s+(\\d+)u").matcher(header);
        Matcher batch = Pattern.compile("#define\\s+PRESENCE_BATCH_MAX_JIDS\\s+(\\d+)u").matcher(header);
        assertTrue(maxAge.find() && origins.find() && batch.find());
        assertEquals(Long.parseLong(maxAge.group(1)), PresenceSettings.MAX_CACHE_MAX_AGE_SECONDS);
        assertEquals(Integer.parseInt(origins.group(1)), PresenceSettings.MAX_CORS_ORIGINS_LENGTH);
        assertEquals(Integer.parseInt(batch.group(1)), PresenceCore.BATCH_MAX_JIDS);
    }

    @Test
    public void conditionalGetIs304WithoutBodyOrLength() throws Exception {
        publishLoadedCore();
        JiveGlobals.setProperty(PresenceSettings.PUBLIC, "true");
        FakeHttp.Recorded first = send("GET", "jid", "alice@example.com", "type", "text");
        String etag = first.headers.get("ETag");
        assertTrue(etag, etag.matches("\"[0-9a-f]{32}\""));
        Map<String, List<String>> parameters = Map.of("jid", List.of("alice@example.com"), "type", List.of("text"));
        // two header lines, joined by the servlet as one list
        FakeHttp.Recorded again = sendWith("GET", parameters, Map.of("If-None-Match", List.of("\"other\"", etag)));
        assertEquals(304, again.status);
        assertEquals(etag, again.headers.get("ETag"));
        assertEquals(-1, again.contentLength);
        assertEquals(0, again.body.size());
        assertEquals(null, again.contentType);
        assertEquals("no-cache", again.headers.get("Cache-Control"));
        assertEquals("nosniff", again.headers.get("X-Content-Type-Options"));
        FakeHttp.Recorded stale = sendWith("GET", parameters, Map.of("If-None-Match", List.of("\"other\"")));
        assertEquals(200, stale.status);
        assertEquals("Lunch", stale.text());
        JiveGlobals.setProperty(PresenceSettings.CACHE_MAX_AGE, "120");
        assertEquals("max-age=120", send("GET", "jid", "alice@example.com", "type", "text").headers.get("Cache-Control"));
    }

    @Test
    public void listedOriginsAreEchoedOnlyWhenAllowed() throws Exception {
        publishLoadedCore();
        JiveGlobals.setProperty(PresenceSettings.CORS_ORIGINS, "https://a.example, https://b.example");
        Map<String, List<String>> parameters = Map.of("jid", List.of("alice@example.com"), "type", List.of("json"));
        FakeHttp.Recorded allowed = sendWith("GET", parameters, Map.of("Origin", List.of("https://b.example")));
        assertEquals("https://b.example", allowed.headers.get("Access-Control-Allow-Origin"));
        assertEquals("Origin", allowed.headers.get("Vary"));
        FakeHttp.Recorded other = sendWith("GET", parameters, Map.of("Origin", List.of("https://c.example")));
        assertFalse(other.headers.containsKey("Access-Control-Allow-Origin"));
        assertEquals("Origin", other.headers.get("Vary"));
        FakeHttp.Recorded preflight = sendWith("OPTIONS", Map.of(), Map.of("Origin", List.of("https://a.example")));
        assertEquals("https://a.example", preflight.headers.get("Access-Control-Allow-Origin"));
        assertEquals("Origin", preflight.headers.get("Vary"));
        // the servlet's own answers allow no origin in this mode
        FakeHttp.Recorded refused = send("PUT", "jid", "alice@example.com");
        assertEquals(405, refused.status);
        assertFalse(refused.headers.containsKey("Access-Control-Allow-Origin"));
        assertEquals("Origin", refused.headers.get("Vary"));
    }

    @Test
    public void severalJidsAreOneJsonObject() throws Exception {
        publishLoadedCore();
        JiveGlobals.setProperty(PresenceSettings.PUBLIC, "true");
        Map<String, List<String>> parameters = Map.of("jid",
                List.of("alice@example.com", "nobody@example.com", "alice@example.com"), "type", List.of("json"));
        FakeHttp.Recorded batch = sendWith("GET", parameters, Map.of());
        assertEquals(200, batch.status);
        assertEquals("application/json; charset=utf-8", batch.contentType);
        assertEquals("{\"alice@example.com\":{\"status\":\"away\",\"message\":\"Lunch\"},"
                + "\"nobody@example.com\":{\"status\":\"forbidden\"}}", batch.text());
        assertTrue(batch.headers.containsKey("ETag"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= PresenceCore.BATCH_MAX_JIDS; i++) {
            many.add("u" + i + "@example.com");
        }
        FakeHttp.Recorded tooMany = sendWith("GET", Map.of("jid", many, "type", List.of("json")), Map.of());
        assertPlain(tooMany, 400, "more than 100 times");
        // any other type: the first jid, as before
        FakeHttp.Recorded text = sendWith("GET", Map.of("jid", many, "type", List.of("text")), Map.of());
        assertEquals(200, text.status);
        assertEquals("Forbidden", text.text());
    }

    @Test
    public void optionsNamesTheMethodsWithTheSecurityHeaders() throws Exception {
        publishLoadedCore();
        FakeHttp.Recorded answer = send("OPTIONS");
        assertEquals(200, answer.status);
        assertEquals("GET, HEAD, POST, OPTIONS", answer.headers.get("Allow"));
        assertEquals(0, answer.contentLength);
        assertEquals(0, answer.body.size());
        assertEquals("nosniff", answer.headers.get("X-Content-Type-Options"));
        assertEquals("no-cache", answer.headers.get("Cache-Control"));
        assertEquals(PresenceStatusServlet.CONTENT_SECURITY_POLICY, answer.headers.get("Content-Security-Policy"));
        assertEquals("a CORS preflight", "*", answer.headers.get("Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, POST, OPTIONS", answer.headers.get("Access-Control-Allow-Methods"));
        assertEquals("600", answer.headers.get("Access-Control-Max-Age"));
        assertEquals("If-None-Match", answer.headers.get("Access-Control-Allow-Headers"));
        assertFalse("no ETag on the preflight", answer.headers.containsKey("ETag"));
        assertFalse(answer.headers.containsKey("Access-Control-Allow-Credentials"));
    }

    @Test
    public void traceAndOtherMethodsAre405WithoutEcho() throws Exception {
        publishLoadedCore();
        for (String method : new String[] {"TRACE", "PUT", "DELETE", "PATCH", "PROPFIND", "get"}) {
            FakeHttp.Recorded answer = send(method, "jid", "alice@example.com");
            assertPlain(answer, 405, PresenceStatusServlet.METHOD_SENTENCE);
            assertEquals(method, "GET, HEAD, POST, OPTIONS", answer.headers.get("Allow"));
            assertFalse(method + " echoes nothing", answer.text().contains("alice"));
        }
    }

    @Test
    public void answersComeFromTheCore() throws Exception {
        publishLoadedCore();
        assertPlain(send("GET", "jid", "alice@example.com", "type", "text"), 200, "Forbidden");
        assertPlain(send("GET", "jid", "alice@example.com", "type", "text", "req_jid", "bob@example.com"), 200, "Forbidden");
        String expires = Long.toString(System.currentTimeMillis() / 1000 + 300);
        FakeHttp.Recorded allowed = send("GET", "jid", "alice@example.com", "type", "text", "req_jid", "bob@example.com",
                "expires", expires, "sig", RequestSignature.sign(PresenceSettings.secret(), "alice@example.com", "bob@example.com", expires));
        assertPlain(allowed, 200, "Lunch");
        PresenceSettings.saveRequesterSignedOnly(false);
        assertPlain(send("GET", "jid", "alice@example.com", "type", "text", "req_jid", "bob@example.com"), 200, "Lunch");
        assertEquals("Lunch", allowed.text());
        JiveGlobals.setProperty(PresenceSettings.PUBLIC, "true");
        assertEquals("Lunch", send("POST", "jid", "alice@example.com", "type", "text").text());
        FakeHttp.Recorded xml = send("GET", "jid", "ghost@example.com", "type", "xml");
        assertEquals(200, xml.status);
        assertTrue(xml.contentType, xml.contentType.startsWith("text/xml"));
        assertTrue(xml.text(), xml.text().contains("Gone home") && xml.text().contains("unavailable"));
        FakeHttp.Recorded image = send("GET", "jid", "erin@example.com");
        assertEquals("image/png", image.contentType);
        assertEquals(image.body.size(), image.contentLength);
        FakeHttp.Recorded redirect = send("GET", "jid", "bob@example.com", "chat", "https://img.example.com/chat.gif");
        assertEquals(302, redirect.status);
        assertEquals("https://img.example.com/chat.gif", redirect.headers.get("Location"));
        assertEquals(0, redirect.contentLength);
    }

    @Test
    public void headAnswersTheHeadersWithoutABody() throws Exception {
        publishLoadedCore();
        JiveGlobals.setProperty(PresenceSettings.PUBLIC, "true");
        FakeHttp.Recorded head = send("HEAD", "jid", "alice@example.com", "type", "text");
        assertEquals(200, head.status);
        assertEquals("Lunch".length(), head.contentLength);
        assertEquals(0, head.body.size());
    }

    @Test
    public void badRequestsAre400() throws Exception {
        publishLoadedCore();
        assertPlain(send("GET", "jid", "alice@example.com", "type", "bogus"), 400, "type");
        assertPlain(send("POST", (Map<String, String>) null), 400, PresenceStatusServlet.UNREADABLE_SENTENCE);
    }

    @Test
    public void openfireFailureIs500() throws Exception {
        publishLoadedCore();
        Directory.install(null);
        assertPlain(send("GET", "jid", "alice@example.com"), 500, "The presence service failed to answer this request.");
    }
}
