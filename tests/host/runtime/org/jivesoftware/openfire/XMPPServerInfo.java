/* Plugin host runtime: Openfire's server information, reduced to the member presence.jar may use. */
package org.jivesoftware.openfire;

public interface XMPPServerInfo {
    /** The server's XMPP domain, e.g. example.com. */
    String getXMPPDomain();
}
