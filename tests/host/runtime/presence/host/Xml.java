/* Escaping for XML and HTML text the host and its runtime write. */
package presence.host;

public final class Xml {
    private Xml() {
    }

    /** Escapes &, < and > for element text (as dom4j writes Openfire's stanzas). */
    public static String escapeText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Escapes &, <, > and " for a double-quoted attribute value. */
    public static String escapeAttribute(String value) {
        return escapeText(value).replace("\"", "&quot;");
    }

    /** Escapes &, <, >, " and ' so that text is safe in any HTML text or quoted attribute. */
    public static String escapeHtml(String text) {
        return escapeAttribute(text).replace("'", "&#39;");
    }

    /** True when every character of text may appear in an XML 1.0 document. */
    public static boolean isXmlText(String text) {
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
