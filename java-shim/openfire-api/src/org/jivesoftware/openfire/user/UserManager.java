/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire.user;

public final class UserManager {
    private UserManager() {
    }

    public User getUser(String username) throws UserNotFoundException {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
