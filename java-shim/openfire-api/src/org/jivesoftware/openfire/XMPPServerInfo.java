/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire;

public interface XMPPServerInfo {
    String getXMPPDomain();

    String getHostname();
}
