/* Openfire 4.5's PresenceManager over the installed directory (the members presence.jar may use). */
package presence.host;

import java.util.StringTokenizer;
import org.jivesoftware.openfire.PresenceManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

public final class DirectoryPresenceManager implements PresenceManager {
    public static final DirectoryPresenceManager INSTANCE = new DirectoryPresenceManager();

    private DirectoryPresenceManager() {
    }

    /**
     * As Openfire 4.5 (PresenceManagerImpl.getPresence): of the user's sessions, the first one with
     * the most available show (none, then chat, away, xa, dnd). Priority plays no part. Null when
     * user is null or has no session. Like Openfire, the session's own Presence: the same object
     * on every call while the directory stays installed.
     */
    @Override
    public Presence getPresence(User user) {
        Directory directory = Directory.installed();
        Directory.User entry = user == null ? null : directory.user(user.getUsername());
        if (entry == null || entry.sessions().isEmpty()) {
            return null;
        }
        return directory.sessionPresence(entry, DirectoryPresenceManager::chosenPresence);
    }

    /** The Presence of the user's chosen session (the user has at least one). */
    private static Presence chosenPresence(Directory.User entry) {
        Directory.Session chosen = null;
        for (Directory.Session session : entry.sessions()) {
            if (chosen == null || showRank(chosen) > showRank(session)) {
                chosen = session;
            }
        }
        return presenceOf(entry.username(), chosen);
    }

    private static int showRank(Directory.Session session) {
        return session.show() == null ? -1 : session.show().ordinal();
    }

    private static Presence presenceOf(String username, Directory.Session session) {
        Directory directory = Directory.installed();
        JID from = new JID(username + "@" + directory.domain() + "/" + session.resource());
        return Packets.presence(from, null, null, session.show(), session.status(), session.priority(), session.extraXml());
    }

    /**
     * Answers a probe of an external component listed in the directory: its presence is delivered
     * to the registered component whose address is prober, after the component's delay. Probes of
     * anything else get no answer.
     */
    @Override
    public void probePresence(JID prober, JID probee) {
        HostComponentManager.INSTANCE.answerProbe(prober, probee);
    }

    /**
     * As Openfire 4.5: true when probee is prober's own node and prober is on this server's domain;
     * else prober's bare JID must be in probee's roster (UserNotFoundException when it is not, or
     * when probee has no roster; false instead from 5.0.2, OpenfireLine.canProbeCatchesUnknownUser)
     * and the subscription from or both.
     */
    @Override
    public boolean canProbePresence(JID prober, String probee) throws UserNotFoundException {
        if (probee.equals(prober.getNode()) && XMPPServer.getInstance().isLocal(prober)) {
            return true;
        }
        Directory.User entry = Directory.installed().user(probee);
        String subscription = entry == null ? null : entry.roster().get(prober.toBareJID());
        if (subscription == null) {
            if (OpenfireLine.current().canProbeCatchesUnknownUser()) {
                return false;
            }
            throw new UserNotFoundException(prober.toBareJID());
        }
        return subscription.equals("from") || subscription.equals("both");
    }

    /** The user's remembered last status with whitespace trimmed and collapsed (dom4j's getTextTrim), or null. */
    @Override
    public String getLastPresenceStatus(User user) {
        Directory.User entry = Directory.installed().user(user.getUsername());
        if (entry == null || entry.lastStatus() == null) {
            return null;
        }
        StringBuilder collapsed = new StringBuilder();
        for (StringTokenizer words = new StringTokenizer(entry.lastStatus()); words.hasMoreTokens(); ) {
            collapsed.append(collapsed.length() == 0 ? "" : " ").append(words.nextToken());
        }
        return collapsed.toString();
    }
}
