/* The host end to end with the test plugin (build/host/testplugin): loading, Openfire's
 * dispatch, static files, login and excludes, reload by replacing the jar under load, and stop. */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.ref.WeakReference;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class PluginHostTest {
    private static final Path TEST_PLUGINS = Path.of(System.getProperty("presence.host.testplugin", "build/host/testplugin"));
    private static Path work;
    private static Path jar;
    private static PluginHost host;
    private static String base;

    @BeforeClass
    public static void startHost() throws Exception {
        work = Files.createTempDirectory("presence-host-test-");
        jar = work.resolve("TestPlugin.jar");
        Files.copy(TEST_PLUGINS.resolve("testplugin-v1.jar"), jar);
        Path root = Path.of(System.getProperty("presence.host.root", "."));
        Path directory = root.resolve("tests/host/demo-directory.json");
        Directory.install(Directory.fromJson(Files.readString(directory)));
        host = new PluginHost(HostOptions.parse(new String[] {"--port", "0", "--directory", directory.toString(),
            "--home", work.resolve("home").toString(), "--plugin", jar.toString(), "--poll-ms", "100"}));
        host.start();
        base = "http://127.0.0.1:" + host.port();
    }

    @AfterClass
    public static void stopHost() throws Exception {
        if (host != null) {
            host.stop();
            assertFalse("destroyPlugin removes the plugin's exclude", AdminAccess.isExcluded("testplugin/public"));
            assertNull(host.currentPlugin());
        }
        PluginLoader.deleteTree(work);
    }

    private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @Test
    public void loadsThePluginWithTheApiOnly() throws Exception {
        HttpResponse<String> answer = get(client(), "/plugins/testplugin/public");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body(), answer.body().matches("version=\\d initialized=true domain=example.com alice=available host=hidden"));
        assertEquals("4.5's default", "same", answer.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(Files.isDirectory(work.resolve("home/plugins/testplugin/web/WEB-INF")));
    }

    @Test
    public void everythingElseNeedsALogin() throws Exception {
        HttpClient client = client();
        for (String path : new String[] {"/plugins/testplugin/admin-page.jsp", "/plugins/testplugin/style.css",
            "/plugins/testplugin/public/x", "/plugins/testplugin/items/a?b=c"}) {
            HttpResponse<String> answer = get(client, path);
            assertEquals(path, 302, answer.statusCode());
            String location = answer.headers().firstValue("Location").orElse("");
            assertTrue(location, location.endsWith("/login.jsp?url=" + java.net.URLEncoder.encode(path, "UTF-8")));
        }
        logIn(client, "admin", "wrong", 200);
        assertEquals(302, get(client, "/plugins/testplugin/admin-page.jsp").statusCode());
        HttpResponse<String> login = logIn(client, "admin", "admin", 302);
        assertTrue(login.headers().firstValue("Location").orElse("").endsWith("/plugins/testplugin/items/a"));
        assertEquals("text-servlet GET /plugins/testplugin/ADMIN-page.jsp", get(client, "/plugins/testplugin/ADMIN-page.jsp").body());
        assertEquals(404, get(client, "/plugins/testplugin/missing.jsp").statusCode());
        assertEquals("text-servlet GET /plugins/testplugin/items/a/b", get(client, "/plugins/testplugin/items/a/b").body());
        HttpResponse<String> css = get(client, "/plugins/testplugin/style.css");
        assertEquals("text/css", css.headers().firstValue("Content-Type").orElse(""));
        assertEquals("body { color: #333; }\n", css.body());
        assertEquals("text/plain", get(client, "/plugins/testplugin/notes.unknownext").headers().firstValue("Content-Type").orElse(""));
        assertEquals(404, get(client, "/plugins/testplugin/missing.css").statusCode());
        assertEquals(404, get(client, "/plugins/testplugin/WEB-INF").statusCode());
        HttpResponse<String> failure = get(client, "/plugins/testplugin/fail");
        assertEquals(500, failure.statusCode());
        assertFalse(failure.body(), failure.body().contains("Exception") || failure.body().contains("\tat "));
        get(client, "/logout.jsp");
        assertEquals(302, get(client, "/plugins/testplugin/admin-page.jsp").statusCode());
    }

    @Test
    public void loginRefusesAForeignTokenAndOpenRedirects() throws Exception {
        HttpClient client = client();
        get(client, "/login.jsp");
        HttpResponse<String> refused = client.send(form("/login.jsp", "username=admin&password=admin&csrf=forged"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertEquals("/", LoginServlet.localTarget("//evil.example/x"));
        assertEquals("/", LoginServlet.localTarget("https://evil.example/"));
        assertEquals("/", LoginServlet.localTarget("/\\evil.example"));
        assertEquals("/plugins/x.jsp?a=b", LoginServlet.localTarget("/plugins/x.jsp?a=b"));
    }

    @Test
    public void demoPageListsEveryUserEscaped() throws Exception {
        HttpResponse<String> page = get(client(), "/");
        assertEquals(200, page.statusCode());
        for (Directory.User user : Directory.installed().users()) {
            assertTrue(user.username(), page.body().contains("src=\"/plugins/presence/status?jid=" + user.username() + "%40example.com\""));
        }
        assertTrue(page.body().contains("gateway.example.com"));
        assertFalse("no placeholder left", page.body().contains("{{"));
        assertEquals(200, get(client(), "/demo/demo.js").statusCode());
    }

    @Test
    public void replacingTheJarReloadsThePluginUnderLoad() throws Exception {
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(host.currentPlugin().loader());
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        List<Thread> load = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < 3; i++) {
            Thread thread = new Thread(() -> {
                HttpClient client = client();
                while (!stop.get()) {
                    try {
                        HttpResponse<String> answer = get(client, "/plugins/testplugin/public");
                        if (answer.statusCode() != 200 && answer.statusCode() != 503) {
                            wrong.add(answer.statusCode() + " " + answer.body());
                        }
                    } catch (Exception e) {
                        wrong.add(e.toString());
                    }
                }
            });
            thread.start();
            load.add(thread);
        }
        Path incoming = work.resolve("incoming.jar");
        Files.copy(TEST_PLUGINS.resolve("testplugin-v2.jar"), incoming);
        Files.move(incoming, jar, StandardCopyOption.REPLACE_EXISTING);
        String body = "";
        for (int i = 0; i < 100 && !body.startsWith("version=2"); i++) {
            Thread.sleep(100);
            body = get(client(), "/plugins/testplugin/public").body();
        }
        stop.set(true);
        for (Thread thread : load) {
            thread.join();
        }
        assertTrue("not reloaded: " + body, body.startsWith("version=2 initialized=true"));
        assertTrue("wrong answers during the reload: " + wrong, wrong.isEmpty());
        assertTrue(AdminAccess.isExcluded("testplugin/public"));
        for (int i = 0; i < 20 && oldLoader.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertNull("the old plugin class loader is still referenced", oldLoader.get());
        assertNotNull(host.currentPlugin());
    }

    private static HttpResponse<String> logIn(HttpClient client, String user, String password, int expected) throws Exception {
        HttpResponse<String> page = get(client, "/login.jsp?url=%2Fplugins%2Ftestplugin%2Fitems%2Fa");
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(page.body(), token.find());
        HttpResponse<String> answer = client.send(form("/login.jsp", "username=" + user + "&password=" + password
                + "&csrf=" + token.group(1) + "&url=%2Fplugins%2Ftestplugin%2Fitems%2Fa"), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, answer.statusCode());
        return answer;
    }

    private static HttpRequest form(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
