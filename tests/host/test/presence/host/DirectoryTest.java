/* Directory.fromJson: the issue's format, its checks, and Openfire's property semantics. */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.xmpp.packet.Presence;

public class DirectoryTest {
    static final String SMALL = "{\"domain\": \"example.com\", \"admin\": {\"username\": \"admin\", \"password\": \"secret\"},"
            + " \"properties\": {\"plugin.presence.public\": \"false\", \"a.b\": \"1\", \"a.b.c\": \"2\"},"
            + " \"users\": [{\"username\": \"alice\", \"sessions\": [{\"resource\": \"desk\", \"priority\": 5,"
            + " \"show\": \"away\", \"status\": \"Lunch\", \"extra\": \"<c xmlns='urn:x'/>\"}],"
            + " \"lastStatus\": \"Gone home\", \"roster\": [{\"jid\": \"Bob@Example.com\", \"subscription\": \"both\"}]}],"
            + " \"components\": [{\"subdomain\": \"gateway\", \"show\": \"away\", \"status\": \"busy\"}]}";

    @Test
    public void readsTheIssueFormat() {
        Directory directory = Directory.fromJson(SMALL);
        assertEquals("example.com", directory.domain());
        assertTrue(directory.isAdmin("admin", "secret"));
        Directory.User alice = directory.user("alice");
        assertEquals(new Directory.Session("desk", 5, Presence.Show.away, "Lunch", "<c xmlns='urn:x'/>"), alice.sessions().get(0));
        assertEquals("Gone home", alice.lastStatus());
        assertEquals("both", alice.roster().get("bob@example.com"));
        Directory.Component gateway = directory.component("gateway");
        assertTrue(gateway.available() && gateway.answers());
        assertEquals(50, gateway.delayMillis());
        assertEquals("false", directory.property("plugin.presence.public"));
    }

    @Test
    public void theShippedDirectoriesAreValid() throws Exception {
        Path root = Path.of(System.getProperty("presence.host.root", "."));
        Directory demo = Directory.fromJson(Files.readString(root.resolve("tests/host/demo-directory.json")));
        assertEquals("true", demo.property("plugin.presence.public"));
        assertTrue(demo.users().size() >= 10);
    }

    @Test
    public void setPropertyFollowsOpenfire() {
        Directory directory = Directory.fromJson(SMALL);
        directory.setProperty("x.y.", "v");
        assertEquals("v", directory.property("x.y"));
        directory.setProperty(" z ", "w");
        assertEquals("w", directory.property("z"));
        directory.setProperty("a.b", null);
        assertNull(directory.property("a.b"));
        assertNull(directory.property("a.b.c"));
        try {
            directory.setProperty(null, "v");
            fail("a null name was accepted");
        } catch (NullPointerException expected) {
            // as Openfire
        }
    }

    @Test
    public void refusesBadDirectoriesNamingTheProblem() {
        String[][] cases = {
            {"{", "not valid JSON"},
            {"[]", "must be a JSON object"},
            {"{\"admin\": {\"username\": \"a\", \"password\": \"b\"}}", "domain is required"},
            {SMALL.replace("\"example.com\", \"admin\"", "\"Example.com\", \"admin\""), "domain must be a normalised"},
            {SMALL.replace("\"admin\": {\"username\": \"admin\", \"password\": \"secret\"},", ""), "admin must be"},
            {SMALL.replace("\"away\", \"status\": \"Lunch\"", "\"busy\", \"status\": \"Lunch\""), "users[0].sessions[0].show"},
            {SMALL.replace("\"both\"", "\"mutual\""), "users[0].roster[0].subscription"},
            {SMALL.replace("<c xmlns='urn:x'/>", "<c>"), "users[0].sessions[0].extra"},
            {SMALL.replace("\"username\": \"alice\"", "\"username\": \"Alice\""), "users[0].username"},
            {SMALL.replace("\"priority\": 5", "\"priority\": 500"), "users[0].sessions[0].priority"},
            {SMALL.replace("\"Lunch\"", "\"a\\u0001b\""), "users[0].sessions[0].status"},
            {SMALL.replace("\"subdomain\": \"gateway\"", "\"subdomain\": \"a.b\""), "components[0].subdomain"},
            {SMALL.replace("\"domain\": \"example.com\",", "\"domain\": \"example.com\", \"domain\": \"x.org\","), "Duplicate field"},
        };
        for (String[] c : cases) {
            try {
                Directory.fromJson(c[0]);
                fail("accepted a directory that should fail with " + c[1]);
            } catch (IllegalArgumentException e) {
                assertTrue("'" + e.getMessage() + "' does not mention " + c[1], e.getMessage().contains(c[1]));
            }
        }
    }
}
