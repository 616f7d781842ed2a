/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire;

import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

public interface PresenceManager {
    Presence getPresence(User user);

    void probePresence(JID prober, JID probee);

    boolean canProbePresence(JID prober, String probee) throws UserNotFoundException;

    String getLastPresenceStatus(User user);
}
