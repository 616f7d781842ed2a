/* Compile-time mirror of Openfire 4.5.0 (see ../../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire.commands;

public class AdHocCommandHandler {
    private AdHocCommandHandler() {
    }

    public void addCommand(AdHocCommand command) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public void removeCommand(AdHocCommand command) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
