/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
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
