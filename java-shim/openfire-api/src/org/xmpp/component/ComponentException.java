/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.xmpp.component;

public class ComponentException extends Exception {
    private static final long serialVersionUID = 1L;

    public ComponentException() {
    }

    public ComponentException(String message) {
        super(message);
    }
}
