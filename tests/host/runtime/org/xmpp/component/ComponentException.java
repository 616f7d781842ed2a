/* Plugin host runtime: Tinder's checked component exception. */
package org.xmpp.component;

public class ComponentException extends Exception {
    private static final long serialVersionUID = 1L;

    public ComponentException() {
    }

    public ComponentException(String message) {
        super(message);
    }
}
