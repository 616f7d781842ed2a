/* Compile-time mirror of Openfire 4.5.0 (see ../../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire.commands;

import java.util.List;
import java.util.Map;
import org.xmpp.packet.JID;

public class SessionData {
    private SessionData() {
    }

    public JID getOwner() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public Map<String, List<String>> getData() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
