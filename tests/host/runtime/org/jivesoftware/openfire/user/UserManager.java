/* Plugin host runtime: Openfire's user manager over the installed directory. */
package org.jivesoftware.openfire.user;

import java.util.Locale;
import org.jivesoftware.openfire.XMPPServer;
import org.xmpp.packet.JID;
import presence.host.Directory;

public final class UserManager {
    private UserManager() {
    }

    /**
     * As Openfire 4.5 with its default user provider: the name is trimmed and lower-cased;
     * "name@domain" is accepted for the server's own domain (new JID(name) may throw
     * IllegalArgumentException, as in Openfire). Throws UserNotFoundException for null, remote
     * or unknown users.
     */
    public User getUser(String username) throws UserNotFoundException {
        if (username == null) {
            throw new UserNotFoundException("Username cannot be null");
        }
        String name = username.trim().toLowerCase(Locale.ROOT);
        int at = name.lastIndexOf('@');
        if (at >= 0) {
            if (!XMPPServer.getInstance().isLocal(new JID(name))) {
                throw new UserNotFoundException("Cannot get remote user " + name);
            }
            name = name.substring(0, at);
        }
        Directory.User entry = Directory.installed().user(name);
        if (entry == null) {
            throw new UserNotFoundException("User not found: " + name);
        }
        return new User(name, entry.properties());
    }
}
