/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire;

import org.jivesoftware.openfire.commands.AdHocCommandHandler;
import org.jivesoftware.openfire.user.UserManager;
import org.xmpp.packet.JID;

public class XMPPServer {
    private XMPPServer() {
    }

    public static XMPPServer getInstance() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public XMPPServerInfo getServerInfo() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public UserManager getUserManager() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public PresenceManager getPresenceManager() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public boolean isLocal(JID jid) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public boolean isRemote(JID jid) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public AdHocCommandHandler getAdHocCommandHandler() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
