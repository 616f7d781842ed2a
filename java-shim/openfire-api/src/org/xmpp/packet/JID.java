/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.xmpp.packet;

import java.io.Serializable;

public class JID implements Comparable<JID>, Serializable {
    private static final long serialVersionUID = 1L;

    /** Throws IllegalArgumentException when jid is not a valid JID. */
    public JID(String jid) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public String getNode() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public String getDomain() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public String getResource() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public String toBareJID() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    @Override
    public String toString() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    @Override
    public int hashCode() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    @Override
    public boolean equals(Object object) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    @Override
    public int compareTo(JID other) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
