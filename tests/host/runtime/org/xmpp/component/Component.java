/* Plugin host runtime: Tinder's external component interface (exactly the members Tinder 2.0 has). */
package org.xmpp.component;

import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

public interface Component {
    String getName();

    String getDescription();

    void processPacket(Packet packet);

    void initialize(JID jid, ComponentManager componentManager) throws ComponentException;

    void start();

    void shutdown();
}
