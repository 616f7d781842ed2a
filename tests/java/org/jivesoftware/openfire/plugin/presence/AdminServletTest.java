package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.http.HttpSession;
import org.jivesoftware.util.JiveGlobals;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** PresenceAdminServlet: the page, its escaping, and saving only with the session's CSRF token. */
public class AdminServletTest {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private final PresenceAdminServlet servlet = new PresenceAdminServlet();

    @Before
    public void setUp() {
        TestDirectory.install();
        File pluginDirectory = new File(System.getProperty("presence.i18n")).getParentFile();
        PluginState.publish(new PluginState(pluginDirectory, new NativeLibrary.Status(true, "test", null), null));
    }

    @After
    public void tearDown() {
        PluginState.publish(null);
    }

    private FakeHttp.Recorded get(HttpSession session) throws Exception {
        FakeHttp.Recorded recorded = new FakeHttp.Recorded();
        servlet.service(FakeHttp.request("GET", Map.of(), session), recorded.response());
        return recorded;
    }

    private FakeHttp.Recorded post(HttpSession session, String csrf, String publicChoice, String unavailable) throws Exception {
        Map<String, String> form = new HashMap<>();
        form.put("csrf", csrf);
        form.put("public", publicChoice);
        form.put("unavailable", unavailable);
        form.put("save", "Save Settings");
        FakeHttp.Recorded recorded = new FakeHttp.Recorded();
        servlet.service(FakeHttp.request("POST", form, session), recorded.response());
        return recorded;
    }

    private static String token(FakeHttp.Recorded page) {
        Matcher field = CSRF_FIELD.matcher(page.text());
        assertTrue("no csrf field on the page", field.find());
        return field.group(1);
    }

    private static void assertNothingSaved() {
        assertNull(JiveGlobals.getProperty(PresenceSettings.PUBLIC, null));
        assertNull(JiveGlobals.getProperty(PresenceSettings.UNAVAILABLE_STATUS, null));
    }

    @Test
    public void pageShowsSettingsUrlsAndStatus() throws Exception {
        FakeHttp.Recorded page = get(FakeHttp.session());
        assertEquals(200, page.status);
        assertEquals("text/html; charset=UTF-8", page.contentType);
        assertEquals(page.body.size(), page.contentLength);
        String html = page.text();
        assertTrue(html.contains("<meta name=\"pageID\" content=\"presence-service\"/>"));
        assertTrue(html.contains("<title>Presence Service</title>"));
        assertTrue(html, html.contains("value=\"false\" checked=\"checked\""));
        assertFalse(html.contains("value=\"true\" checked"));
        assertTrue(html.contains("name=\"unavailable\"") && html.contains("value=\"Unavailable\""));
        assertTrue(html, html.contains("http://127.0.0.1:9090/plugins/presence/status?jid=jsmith%40example.com&amp;type=text"));
        assertTrue(html.contains("The service is running."));
        int setting = html.indexOf("value=\"false\"");
        int warning = html.indexOf("<p id=\"visibility-warning\">");
        assertTrue("the warning follows the setting", setting > 0 && warning > setting
                && warning < html.indexOf("name=\"unavailable\""));
        assertTrue(html, html.contains("this is not access control: the service cannot check an unsigned req_jid"));
        assertTrue("at least 128 bits of token", token(page).length() >= 40);
        assertFalse("every key resolved", html.contains("???"));
    }

    @Test
    public void nativeFailureIsShown() throws Exception {
        PluginState.publish(new PluginState(null, NativeLibrary.Status.failed("the <reason> & more", null), null));
        String html = get(FakeHttp.session()).text();
        assertTrue(html, html.contains("The service is not running: the &lt;reason&gt; &amp; more."));
    }

    @Test
    public void savedValuesAreEscaped() throws Exception {
        JiveGlobals.setProperty(PresenceSettings.UNAVAILABLE_STATUS, "\"><script>alert(1)</script>");
        String html = get(FakeHttp.session()).text();
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    }

    @Test
    public void tokensDifferBetweenSessionsAndStayWithinOne() throws Exception {
        HttpSession session = FakeHttp.session();
        String first = token(get(session));
        assertEquals(first, token(get(session)));
        assertNotEquals(first, token(get(FakeHttp.session())));
    }

    @Test
    public void postWithoutTheRightTokenChangesNothing() throws Exception {
        HttpSession session = FakeHttp.session();
        String token = token(get(session));
        String otherToken = token(get(FakeHttp.session()));
        for (String wrong : new String[] {null, "", "wrong", otherToken, token + "x"}) {
            FakeHttp.Recorded answer = post(session, wrong, "true", "Gone");
            assertEquals("token " + wrong, 403, answer.status);
            assertTrue(answer.text().contains("Nothing was saved"));
            assertNothingSaved();
        }
        assertEquals(403, post(null, token, "true", "Gone").status);
        assertNothingSaved();
    }

    @Test
    public void postWithTheTokenSaves() throws Exception {
        HttpSession session = FakeHttp.session();
        String token = token(get(session));
        FakeHttp.Recorded answer = post(session, token, "true", "Back on Monday <maybe> & \"later\"");
        assertEquals(200, answer.status);
        assertTrue(answer.text().contains("The settings were saved."));
        assertEquals("true", JiveGlobals.getProperty(PresenceSettings.PUBLIC, null));
        assertEquals("Back on Monday <maybe> & \"later\"", JiveGlobals.getProperty(PresenceSettings.UNAVAILABLE_STATUS, null));
        assertTrue(answer.text().contains("value=\"true\" checked=\"checked\""));
        assertEquals(200, post(session, token, "false", "").status);
        assertEquals("false", JiveGlobals.getProperty(PresenceSettings.PUBLIC, null));
        assertEquals("", JiveGlobals.getProperty(PresenceSettings.UNAVAILABLE_STATUS, null));
    }

    @Test
    public void invalidValuesAreRefused() throws Exception {
        HttpSession session = FakeHttp.session();
        String token = token(get(session));
        String[][] cases = {{"maybe", "ok"}, {null, "ok"}, {"true", "x".repeat(1025)}, {"true", "two\nlines"},
            {"true", "tab\there"}, {"true", "nul\u0000"}};
        for (String[] c : cases) {
            FakeHttp.Recorded answer = post(session, token, c[0], c[1]);
            assertEquals(400, answer.status);
            assertTrue(answer.text().contains("Nothing was saved"));
            assertNothingSaved();
        }
        assertEquals(200, post(session, token, "true", "x".repeat(1024)).status);
    }

    @Test
    public void otherMethodsAre405WithoutEcho() throws Exception {
        for (String method : new String[] {"TRACE", "OPTIONS", "PUT", "DELETE"}) {
            FakeHttp.Recorded answer = new FakeHttp.Recorded();
            servlet.service(FakeHttp.request(method, Map.of("csrf", "secret-token"), FakeHttp.session()), answer.response());
            assertEquals(method, 405, answer.status);
            assertEquals("GET, HEAD, POST", answer.headers.get("Allow"));
            assertFalse(answer.text().contains("secret-token"));
            assertEquals("nosniff", answer.headers.get("X-Content-Type-Options"));
        }
    }

    private FakeHttp.Recorded postForm(HttpSession session, Map<String, String> form) throws Exception {
        FakeHttp.Recorded recorded = new FakeHttp.Recorded();
        servlet.service(FakeHttp.request("POST", form, session), recorded.response());
        return recorded;
    }

    private static String shownSecret(FakeHttp.Recorded page) {
        Matcher secret = Pattern.compile("<code id=\"signing-secret\">([^<]*)</code>").matcher(page.text());
        assertTrue("no secret on the page", secret.find());
        return secret.group(1);
    }

    @Test
    public void pageShowsTheSecretAndTheRequesterPolicy() throws Exception {
        FakeHttp.Recorded page = get(FakeHttp.session());
        assertEquals(PresenceSettings.secret(), shownSecret(page));
        assertTrue(page.text(), page.text().contains("id=\"requester-signed\" value=\"signed\" checked=\"checked\""));
        assertFalse(page.text().contains("id=\"previous-secret\""));
    }

    @Test
    public void rotationNeedsTheTokenAndKeepsThePreviousSecret() throws Exception {
        HttpSession session = FakeHttp.session();
        FakeHttp.Recorded page = get(session);
        String first = shownSecret(page);
        Map<String, String> form = new HashMap<String, String>();
        form.put("action", PresenceAdminServlet.ACTION_ROTATE);
        form.put("csrf", "wrong");
        assertEquals(403, postForm(session, form).status);
        assertEquals(first, PresenceSettings.secret());
        form.put("csrf", token(page));
        FakeHttp.Recorded rotated = postForm(session, form);
        assertEquals(200, rotated.status);
        assertNotEquals(first, shownSecret(rotated));
        assertEquals(PresenceSettings.secret(), shownSecret(rotated));
        assertEquals(first, PresenceSettings.signingKeys().previous);
        assertTrue(rotated.text().contains("id=\"previous-secret\""));
    }

    @Test
    public void theRequesterPolicyIsSavedOnlyWhenEverythingIsValid() throws Exception {
        HttpSession session = FakeHttp.session();
        String csrf = token(get(session));
        Map<String, String> form = new HashMap<String, String>();
        form.put("csrf", csrf);
        form.put("public", "maybe");
        form.put("unavailable", "x");
        form.put("requester", "trusted");
        assertEquals(400, postForm(session, form).status);
        assertTrue(PresenceSettings.requesterSignedOnly());
        form.put("public", "false");
        form.put("requester", "sometimes");
        assertEquals(400, postForm(session, form).status);
        assertTrue(PresenceSettings.requesterSignedOnly());
        assertNull(JiveGlobals.getProperty(PresenceSettings.PUBLIC, null));
        form.put("requester", "trusted");
        assertEquals(200, postForm(session, form).status);
        assertFalse(PresenceSettings.requesterSignedOnly());
    }

    @Test
    public void theIconThemeIsOfferedAndSavedOnlyWhenBuiltIn() throws Exception {
        HttpSession session = FakeHttp.session();
        FakeHttp.Recorded page = get(session);
        for (String theme : PresenceSettings.THEMES) {
            assertTrue(theme, page.text().contains("id=\"theme-" + theme + "\" value=\"" + theme + "\""));
        }
        assertTrue(page.text(), page.text().contains("id=\"theme-classic\" value=\"classic\" checked=\"checked\""));
        assertTrue("the srcset example", page.text().contains("srcset="));
        Map<String, String> form = new HashMap<String, String>();
        form.put("csrf", token(page));
        form.put("public", "false");
        form.put("unavailable", "x");
        form.put("theme", "sparkly");
        assertEquals(400, postForm(session, form).status);
        assertNull(JiveGlobals.getProperty(PresenceSettings.THEME, null));
        assertNull(JiveGlobals.getProperty(PresenceSettings.PUBLIC, null));
        form.put("theme", "contrast");
        assertEquals(200, postForm(session, form).status);
        assertEquals("contrast", PresenceSettings.theme());
        assertTrue(get(session).text().contains("id=\"theme-contrast\" value=\"contrast\" checked=\"checked\""));
        form.remove("theme");  // absent: left as it is
        assertEquals(200, postForm(session, form).status);
        assertEquals("contrast", PresenceSettings.theme());
        JiveGlobals.setProperty(PresenceSettings.THEME, "unknown");  // set by hand: shown (and answered) as classic
        assertTrue(get(session).text().contains("id=\"theme-classic\" value=\"classic\" checked=\"checked\""));
    }

    /** PresenceSettings.THEMES (what the page offers) lists the themes the native build generates
     * (native/images/CMakeLists.txt PRESENCE_IMAGE_THEMES), in the same order, classic first. */
    @Test
    public void theOfferedThemesAreTheGeneratedOnes() throws Exception {
        String cmake = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(
                System.getProperty("presence.root", "."), "native", "images", "CMakeLists.txt")),
                java.nio.charset.StandardCharsets.UTF_8);
        Matcher themes = Pattern.compile("set\\(PRESENCE_IMAGE_THEMES ([a-z ]+)\\)").matcher(cmake);
        assertTrue("no PRESENCE_IMAGE_THEMES in native/images/CMakeLists.txt", themes.find());
        assertEquals(java.util.Arrays.asList(themes.group(1).trim().split(" +")), PresenceSettings.THEMES);
        assertEquals(PresenceSettings.DEFAULT_THEME, PresenceSettings.THEMES.get(0));
    }

    @Test
    public void cachingAndCorsAreOnTheFormAndSavedOnlyWhenValid() throws Exception {
        TestNative.require();
        PluginState.publish(new PluginState(null, new NativeLibrary.Status(true, "loaded for the test", null), null));
        HttpSession session = FakeHttp.session();
        FakeHttp.Recorded page = get(session);
        assertTrue(page.text(), page.text().contains("name=\"cachemaxage\"") && page.text().contains("max=\"3600\""));
        assertTrue(page.text(), page.text().contains("name=\"corsorigins\"") && page.text().contains("maxlength=\"4096\""));
        String csrf = token(page);
        Map<String, String> form = new HashMap<String, String>();
        form.put("csrf", csrf);
        form.put("public", "false");
        form.put("unavailable", "x");
        for (String bad : new String[] {"-1", "3601", "1e3", "", "60s", "99999"}) {
            form.put("cachemaxage", bad);
            assertEquals(bad, 400, postForm(session, form).status);
            assertNull(JiveGlobals.getProperty(PresenceSettings.CACHE_MAX_AGE, null));
            assertNull("nothing else saved either", JiveGlobals.getProperty(PresenceSettings.PUBLIC, null));
        }
        form.put("cachemaxage", " 600 ");
        // the core decides which lists are valid: a path, upper case, a bad port, a control character
        for (String bad : new String[] {"https://a.example/", "https://A.example", "https://a.example:123456",
                "https://a.example, ftp://b.example", "https://a.\u0001example"}) {
            form.put("corsorigins", bad);
            assertEquals(bad, 400, postForm(session, form).status);
            assertNull(JiveGlobals.getProperty(PresenceSettings.CORS_ORIGINS, null));
        }
        form.put("corsorigins", " https://a.example, http://localhost:8080 ");
        assertEquals(200, postForm(session, form).status);
        assertEquals("600", JiveGlobals.getProperty(PresenceSettings.CACHE_MAX_AGE, null));
        assertEquals("https://a.example, http://localhost:8080", PresenceSettings.corsOrigins());
        assertTrue(get(session).text().contains("value=\"https://a.example, http://localhost:8080\""));
        form.put("corsorigins", "");
        assertEquals(200, postForm(session, form).status);
        assertFalse(PresenceSettings.corsOriginsListed());
        // a form without the fields leaves them as they are
        form.remove("corsorigins");
        form.remove("cachemaxage");
        assertEquals(200, postForm(session, form).status);
        assertEquals("600", JiveGlobals.getProperty(PresenceSettings.CACHE_MAX_AGE, null));
    }
}
