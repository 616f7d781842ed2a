/* Plugin host runtime: Openfire's server information, reduced to the members presence.jar may use. */
package org.jivesoftware.openfire;

public interface XMPPServerInfo {
    /** The server's XMPP domain, e.g. example.com. */
    String getXMPPDomain();

    /** The server's host name (Openfire: xmpp.fqdn). */
    String getHostname();
}
