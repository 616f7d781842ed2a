/* Plugin host runtime: Openfire's checked exception for an unknown user. */
package org.jivesoftware.openfire.user;

public class UserNotFoundException extends Exception {
    private static final long serialVersionUID = 1L;

    public UserNotFoundException() {
    }

    public UserNotFoundException(String message) {
        super(message);
    }
}
