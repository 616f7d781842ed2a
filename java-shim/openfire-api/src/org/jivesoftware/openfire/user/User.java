/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire.user;

import java.util.Map;

public class User {
    private User() {
    }

    public String getUsername() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public Map<String, String> getProperties() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
