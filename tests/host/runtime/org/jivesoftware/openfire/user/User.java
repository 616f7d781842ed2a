/* Plugin host runtime: Openfire's user, reduced to the member presence.jar may use. */
package org.jivesoftware.openfire.user;

public class User {
    private final String username;

    User(String username) {
        this.username = username;
    }

    /** The normalised user name (the node of the user's JID). */
    public String getUsername() {
        return username;
    }
}
