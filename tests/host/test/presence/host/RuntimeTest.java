/* The Openfire API over an installed directory: users, presence, rosters, properties, components. */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.openfire.PresenceManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.UserManager;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.jivesoftware.util.JiveGlobals;
import org.junit.BeforeClass;
import org.junit.Test;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.component.ComponentManager;
import org.xmpp.component.ComponentManagerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

public class RuntimeTest {
    private static final String DIRECTORY = "{\"domain\": \"example.com\", \"admin\": {\"username\": \"a\", \"password\": \"b\"},"
            + "\"properties\": {\"flag\": \"TRUE\", \"text\": \"x\"}, \"users\": ["
            + "{\"username\": \"alice\", \"sessions\": [{\"resource\": \"phone\", \"priority\": 10, \"show\": \"dnd\"},"
            + "  {\"resource\": \"desk\", \"priority\": 1, \"show\": \"away\"}, {\"resource\": \"web\", \"show\": \"xa\"}],"
            + " \"roster\": [{\"jid\": \"bob@example.com\", \"subscription\": \"both\"}, {\"jid\": \"carol@example.com\", \"subscription\": \"from\"},"
            + "  {\"jid\": \"dave@example.com\", \"subscription\": \"to\"}, {\"jid\": \"erin@example.com\", \"subscription\": \"none\"}]},"
            + "{\"username\": \"bob\", \"lastStatus\": \"  Gone \\t home\\n now \"},"
            + "{\"username\": \"carol\", \"sessions\": [{\"resource\": \"a\", \"show\": \"chat\"}, {\"resource\": \"b\"}]}],"
            + "\"components\": [{\"subdomain\": \"gateway\", \"status\": \"running\"},"
            + " {\"subdomain\": \"silent\", \"answers\": false}, {\"subdomain\": \"down\", \"available\": false, \"delayMillis\": 0}]}";

    private static XMPPServer server;
    private static PresenceManager presence;
    private static UserManager users;

    @BeforeClass
    public static void install() {
        Directory.install(Directory.fromJson(DIRECTORY));
        server = XMPPServer.getInstance();
        presence = server.getPresenceManager();
        users = server.getUserManager();
    }

    @Test
    public void usersAndDomain() throws Exception {
        assertEquals("example.com", server.getServerInfo().getXMPPDomain());
        assertEquals("alice", users.getUser(" ALICE ").getUsername());
        assertEquals("alice", users.getUser("alice@example.com").getUsername());
        for (String unknown : new String[] {"nobody", "alice@other.org", "alice@gateway.example.com"}) {
            try {
                users.getUser(unknown);
                fail("found user " + unknown);
            } catch (UserNotFoundException expected) {
                // unknown or remote
            }
        }
        assertTrue(server.isLocal(new JID("x@example.com")));
        assertFalse("Openfire 4.5: a component domain is not local", server.isLocal(new JID("gateway.example.com")));
        assertFalse(server.isLocal(new JID("x@other.org")));
    }

    @Test
    public void presenceIsTheMostAvailableSessionAsInOpenfire() throws Exception {
        Presence alice = presence.getPresence(users.getUser("alice"));
        assertEquals(Presence.Show.away, alice.getShow());
        assertEquals("alice@example.com/desk", alice.getFrom().toString());
        Presence carol = presence.getPresence(users.getUser("carol"));
        assertNull("no show beats chat", carol.getShow());
        assertNull(presence.getPresence(users.getUser("bob")));
        assertNull(presence.getPresence(null));
    }

    @Test
    public void probePermissionsFollowTheRoster() throws Exception {
        assertTrue(presence.canProbePresence(new JID("bob@example.com/x"), "alice"));
        assertTrue(presence.canProbePresence(new JID("carol@example.com"), "alice"));
        assertFalse(presence.canProbePresence(new JID("dave@example.com"), "alice"));
        assertFalse(presence.canProbePresence(new JID("erin@example.com"), "alice"));
        assertTrue("self, local", presence.canProbePresence(new JID("alice@example.com"), "alice"));
        String[][] notInRoster = {{"frank@example.com", "alice"}, {"alice@other.org", "alice"}, {"bob@example.com", "nobody"}};
        for (String[] pair : notInRoster) {
            try {
                presence.canProbePresence(new JID(pair[0]), pair[1]);
                fail(pair[0] + " is not in the roster of " + pair[1]);
            } catch (UserNotFoundException expected) {
                // Openfire's Roster.getRosterItem throws for a JID not in the roster
            }
        }
        assertEquals("Gone home now", presence.getLastPresenceStatus(users.getUser("bob")));
        assertNull(presence.getLastPresenceStatus(users.getUser("alice")));
    }

    @Test
    public void properties() {
        assertTrue(JiveGlobals.getBooleanProperty("flag", false));
        assertTrue(JiveGlobals.getBooleanProperty("missing", true));
        assertEquals("x", JiveGlobals.getProperty("text", "d"));
        assertEquals("d", JiveGlobals.getProperty("missing", "d"));
        JiveGlobals.setProperty("text", "y");
        assertEquals("y", Directory.installed().property("text"));
    }

    @Test
    public void componentsRegisterAndReceiveProbeAnswers() throws Exception {
        RecordingComponent component = new RecordingComponent();
        ComponentManager manager = ComponentManagerFactory.getComponentManager();
        manager.addComponent("presence", component);
        assertEquals(new JID("presence.example.com"), component.jid);
        assertTrue(component.started);
        try {
            manager.addComponent("presence", new RecordingComponent());
            fail("a second component on the same subdomain was accepted");
        } catch (ComponentException expected) {
            // one component per subdomain
        }
        JID prober = new JID("presence.example.com");
        presence.probePresence(prober, new JID("gateway.example.com"));
        presence.probePresence(prober, new JID("down.example.com"));
        presence.probePresence(prober, new JID("silent.example.com"));
        presence.probePresence(prober, new JID("unknown.example.com"));
        assertTrue("no answer within 5 s", component.twoPackets.await(5, TimeUnit.SECONDS));
        Thread.sleep(300);
        assertEquals(2, component.packets.size());
        // down answers after 0 ms and gateway after 50 ms, but a loaded machine may deliver
        // them in either order: each is found by its sender
        boolean downFirst = "down.example.com".equals(component.packets.get(0).getFrom().toString());
        Presence down = (Presence) component.packets.get(downFirst ? 0 : 1);
        Presence gateway = (Presence) component.packets.get(downFirst ? 1 : 0);
        assertEquals("down.example.com", down.getFrom().toString());
        assertFalse(down.isAvailable());
        assertEquals("gateway.example.com", gateway.getFrom().toString());
        assertEquals("presence.example.com", gateway.toXML().replaceAll(".* to=\"([^\"]*)\".*", "$1"));
        assertTrue(gateway.isAvailable());
        assertEquals("running", gateway.getStatus());
        manager.removeComponent("presence");
        assertTrue(component.shutDown);
    }

    static final class RecordingComponent implements Component {
        final List<Packet> packets = new CopyOnWriteArrayList<>();
        final CountDownLatch twoPackets = new CountDownLatch(2);
        JID jid;
        boolean started;
        boolean shutDown;

        @Override public String getName() { return "recording"; }
        @Override public String getDescription() { return "records packets"; }
        @Override public void processPacket(Packet packet) { packets.add(packet); twoPackets.countDown(); }
        @Override public void initialize(JID jid, ComponentManager manager) { this.jid = jid; }
        @Override public void start() { started = true; }
        @Override public void shutdown() { shutDown = true; }
    }
}
