package org.jivesoftware.openfire.plugin.presence;

/** Makes any text safe for one log line: no control characters (CR, LF ...), bounded length. */
final class LogText {
    static final int MAX_LENGTH = 300;

    private LogText() {
    }

    /** The text with every control character replaced by '?', cut to MAX_LENGTH characters. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 3));
        for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (text.length() > MAX_LENGTH) {
            clean.append("...");
        }
        return clean.toString();
    }
}
