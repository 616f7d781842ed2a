/* Plugin host runtime: Openfire's presence manager, reduced to the members presence.jar may use;
 * implemented over the in-memory directory by presence.host.DirectoryPresenceManager. */
package org.jivesoftware.openfire;

import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

public interface PresenceManager {
    /** The presence of the user's most available session (Openfire's rule), or null when offline. */
    Presence getPresence(User user);

    /** Asks probee for its presence on behalf of prober; an answer arrives later, if ever. */
    void probePresence(JID prober, JID probee);

    /** Whether prober may see probee's presence; UserNotFoundException when prober is not in probee's roster. */
    boolean canProbePresence(JID prober, String probee) throws UserNotFoundException;

    /** The status text of the user's last unavailable presence, or null. */
    String getLastPresenceStatus(User user);
}
