/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.xmpp.packet;

import org.dom4j.Element;

public abstract class Packet {
    protected Packet() {
    }

    public JID getFrom() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public Element getElement() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public String toXML() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
