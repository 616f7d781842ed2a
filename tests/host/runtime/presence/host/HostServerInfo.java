/* The runtime's XMPPServerInfo: the installed directory's domain; the host name 127.0.0.1, where
 * the host listens. */
package presence.host;

import org.jivesoftware.openfire.XMPPServerInfo;

public final class HostServerInfo implements XMPPServerInfo {
    @Override
    public String getXMPPDomain() {
        return Directory.installed().domain();
    }

    @Override
    public String getHostname() {
        return "127.0.0.1";
    }
}
