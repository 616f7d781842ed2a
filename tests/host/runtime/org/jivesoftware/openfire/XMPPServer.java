/* Plugin host runtime: Openfire's server singleton, answering from the installed directory
 * (presence.host.Directory.install). Only the members presence.jar may use are public. */
package org.jivesoftware.openfire;

import org.jivesoftware.openfire.commands.AdHocCommandHandler;
import org.jivesoftware.openfire.user.UserManager;
import org.xmpp.packet.JID;
import presence.host.Directory;
import presence.host.DirectoryPresenceManager;
import presence.host.HiddenConstructors;
import presence.host.HostServerInfo;

public class XMPPServer {
    private static final XMPPServer INSTANCE = new XMPPServer();
    private static final UserManager USER_MANAGER = HiddenConstructors.create(UserManager.class);
    private static final XMPPServerInfo SERVER_INFO = new HostServerInfo();
    private static final AdHocCommandHandler AD_HOC_COMMANDS = HiddenConstructors.create(AdHocCommandHandler.class);

    private XMPPServer() {
    }

    public static XMPPServer getInstance() {
        return INSTANCE;
    }

    public XMPPServerInfo getServerInfo() {
        return SERVER_INFO;
    }

    public UserManager getUserManager() {
        return USER_MANAGER;
    }

    public PresenceManager getPresenceManager() {
        return DirectoryPresenceManager.INSTANCE;
    }

    /** As Openfire 4.5: true only when the JID's domain is the server's domain (not a component's). */
    public boolean isLocal(JID jid) {
        return jid != null && Directory.installed().domain().equals(jid.getDomain());
    }

    /**
     * As Openfire 4.5: true unless the JID's domain is the server's domain or a component's
     * (here: an external component of the directory, subdomain.domain).
     */
    public boolean isRemote(JID jid) {
        if (jid == null) {
            return false;
        }
        Directory directory = Directory.installed();
        String suffix = "." + directory.domain();
        String domain = jid.getDomain();
        boolean component = domain.endsWith(suffix)
                && directory.component(domain.substring(0, domain.length() - suffix.length())) != null;
        return !domain.equals(directory.domain()) && !component;
    }

    /** The XEP-0050 command handler (presence.host.AdHocCommands runs its IQs for the host). */
    public AdHocCommandHandler getAdHocCommandHandler() {
        return AD_HOC_COMMANDS;
    }
}
