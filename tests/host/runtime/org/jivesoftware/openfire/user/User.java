/* Plugin host runtime: Openfire's user, reduced to the members presence.jar may use. */
package org.jivesoftware.openfire.user;

import java.util.Map;

public class User {
    private final String username;
    private final Map<String, String> properties;

    User(String username, Map<String, String> properties) {
        this.username = username;
        this.properties = properties;
    }

    /** The normalised user name (the node of the user's JID). */
    public String getUsername() {
        return username;
    }

    /**
     * The user's extended properties (Openfire: ofUserProp, written through on put/remove), here
     * the directory user's live map, shared by every User object of that user. As Openfire's
     * map, a null name or value throws NullPointerException.
     */
    public Map<String, String> getProperties() {
        return properties;
    }
}
