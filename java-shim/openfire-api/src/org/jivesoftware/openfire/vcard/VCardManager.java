/* Compile-time mirror of Openfire 4.5.0 (see ../../../../SIGNATURES.md): signatures only, never packaged.
 * org.dom4j.Element comes from Debian's libdom4j-java on the compile classpath (Openfire ships dom4j). */
package org.jivesoftware.openfire.vcard;

import org.dom4j.Element;

public class VCardManager {
    private VCardManager() {
    }

    public static VCardManager getInstance() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public Element getVCard(String username) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
