/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.xmpp.packet;

public class Presence extends Packet {
    private Presence() {
    }

    public boolean isAvailable() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public Type getType() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public Show getShow() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public String getStatus() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public int getPriority() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public enum Show { chat, away, xa, dnd }

    public enum Type { unavailable, subscribe, subscribed, unsubscribe, unsubscribed, probe, error }
}
