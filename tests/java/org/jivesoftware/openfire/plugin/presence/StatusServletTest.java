package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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

    @Test
    public void optionsNamesTheMethodsWithTheSecurityHeaders() throws Exception {
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
