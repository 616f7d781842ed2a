/* The host on each Openfire line (--openfire-line) with the test plugin: per-servlet config (4.7+),
 * exact servlet lookup (4.9+), excludes wiped by an admin-console restart (4.7, 4.9, 5.0),
 * CacheControlFilter (5.1), X-Frame-Options, canProbePresence for an unknown roster entry (5.0+). */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.junit.After;
import org.junit.Test;
import org.xmpp.packet.JID;

public class OpenfireLinesTest {
    private static final Path TEST_PLUGINS = Path.of(System.getProperty("presence.host.testplugin", "build/host/testplugin"));
    private Path work;
    private PluginHost host;
    private String base;

    private void start(OpenfireLine line) throws Exception {
        work = Files.createTempDirectory("presence-host-lines-");
        Path jar = work.resolve("TestPlugin.jar");
        Files.copy(TEST_PLUGINS.resolve("testplugin-v1.jar"), jar);
        Path directory = Path.of(System.getProperty("presence.host.root", ".")).resolve("tests/host/demo-directory.json");
        Directory.install(Directory.fromJson(Files.readString(directory)));
        HostOptions options = HostOptions.parse(new String[] {"--port", "0", "--directory", directory.toString(),
            "--home", work.resolve("home").toString(), "--plugin", jar.toString(), "--openfire-line", line.lineName()});
        assertEquals(line, options.line);
        OpenfireLine.play(options.line);
        host = new PluginHost(options);
        host.start();
        base = "http://127.0.0.1:" + host.port();
    }

    @After
    public void stop() throws Exception {
        if (host != null) {
            host.stop();
            host = null;
        }
        if (work != null) {
            PluginLoader.deleteTree(work);
        }
        OpenfireLine.play(OpenfireLine.DEFAULT);
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient client, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient loggedIn() throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(get(client, "/login.jsp").body());
        assertTrue(token.find());
        assertEquals(302, post(client, "/login.jsp", "username=admin&password=admin&csrf=" + token.group(1)).statusCode());
        return client;
    }

    /** Restarts the admin console as an admin and waits for the host's log line (at most 10 s). */
    private void restartAdminConsole() throws Exception {
        int before = host.adminConsoleRestarts();
        assertEquals(202, post(loggedIn(), AdminConsoleRestart.PATH, "").statusCode());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (host.adminConsoleRestarts() == before) {
            assertTrue("the admin console did not restart within 10 s", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    @Test
    public void line45() throws Exception {
        start(OpenfireLine.V4_5);
        HttpClient admin = loggedIn();
        assertEquals("name=PluginServlet greeting=null resource=false", get(admin, "/plugins/testplugin/config").body());
        assertEquals("loose prefix match", 200, get(admin, "/plugins/testplugin/configfoo").statusCode());
        HttpResponse<String> open = get(HttpClient.newHttpClient(), "/plugins/testplugin/public");
        assertEquals("same", open.headers().firstValue("X-Frame-Options").orElse(""));
        assertFalse("no CacheControlFilter", open.headers().firstValue("Cache-Control").isPresent());
        restartAdminConsole();
        assertEquals("4.5 keeps the excludes", 200, get(HttpClient.newHttpClient(), "/plugins/testplugin/public").statusCode());
        assertThrows(UserNotFoundException.class,
                () -> DirectoryPresenceManager.INSTANCE.canProbePresence(new JID("nobody@example.com"), "alice"));
        assertEquals(403, post(HttpClient.newHttpClient(), AdminConsoleRestart.PATH, "").statusCode());
    }

    @Test
    public void line47() throws Exception {
        start(OpenfireLine.V4_7);
        HttpClient admin = loggedIn();
        assertEquals("name=config greeting=hello resource=true", get(admin, "/plugins/testplugin/config").body());
        assertEquals("still the loose prefix match", 200, get(admin, "/plugins/testplugin/configfoo").statusCode());
        HttpResponse<String> open = get(HttpClient.newHttpClient(), "/plugins/testplugin/public");
        assertEquals(200, open.statusCode());
        assertEquals("SAMEORIGIN", open.headers().firstValue("X-Frame-Options").orElse(""));
        restartAdminConsole();
        assertEquals("the restart wiped the exclude", 302, get(HttpClient.newHttpClient(), "/plugins/testplugin/public").statusCode());
        assertTrue(AdminAccess.excludes().isEmpty());
    }

    @Test
    public void line49() throws Exception {
        start(OpenfireLine.V4_9);
        HttpClient admin = loggedIn();
        assertEquals(200, get(admin, "/plugins/testplugin/config").statusCode());
        assertEquals("exact lookup: a static file, missing", 404, get(admin, "/plugins/testplugin/configfoo").statusCode());
        assertEquals("an explicit * pattern", "text-servlet GET /plugins/testplugin/items/a/b", get(admin, "/plugins/testplugin/items/a/b").body());
        restartAdminConsole();
        assertEquals(302, get(HttpClient.newHttpClient(), "/plugins/testplugin/public").statusCode());
    }

    @Test
    public void line50() throws Exception {
        start(OpenfireLine.V5_0);
        assertFalse("5.0.2+ answers false", DirectoryPresenceManager.INSTANCE.canProbePresence(new JID("nobody@example.com"), "alice"));
        assertFalse(DirectoryPresenceManager.INSTANCE.canProbePresence(new JID("nobody@example.com"), "nosuchuser"));
        restartAdminConsole();
        assertEquals(302, get(HttpClient.newHttpClient(), "/plugins/testplugin/public").statusCode());
    }

    @Test
    public void line51() throws Exception {
        start(OpenfireLine.V5_1);
        HttpResponse<String> open = get(HttpClient.newHttpClient(), "/plugins/testplugin/public");
        assertEquals("no-cache, no-store, must-revalidate", open.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no-cache", open.headers().firstValue("Pragma").orElse(""));
        HttpResponse<String> css = get(loggedIn(), "/plugins/testplugin/style.css");
        assertFalse("a committed answer (all Content-Length bytes written) is left alone",
                css.headers().firstValue("Cache-Control").isPresent());
        HttpResponse<String> redirect = get(HttpClient.newHttpClient(), "/plugins/testplugin/config");
        assertEquals(302, redirect.statusCode());
        assertFalse("only 200 and 304 are marked", redirect.headers().firstValue("Cache-Control").isPresent());
        restartAdminConsole();
        assertEquals("5.1 keeps the excludes", 200, get(HttpClient.newHttpClient(), "/plugins/testplugin/public").statusCode());
    }
}
