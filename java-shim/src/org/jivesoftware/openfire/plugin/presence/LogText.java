package org.jivesoftware.openfire.plugin.presence;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

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

    /**
     * A rate limit for one kind of log line that clients can cause (bad requests, refused
     * methods): at most one line per WINDOW_MILLIS, so anonymous clients cannot flood the log.
     * Thread-safe and lock-free; each instance is one kind (the servlet keeps a fixed set).
     */
    static final class Throttle {
        static final long WINDOW_MILLIS = 60_000;

        private final LongSupplier clockNanos;
        private final AtomicLong nextAllowedNanos;
        private final AtomicLong suppressed = new AtomicLong();

        Throttle() {
            this(System::nanoTime);
        }

        /** A throttle reading time from clockNanos (tests pass a manual clock). */
        Throttle(LongSupplier clockNanos) {
            this.clockNanos = clockNanos;
            this.nextAllowedNanos = new AtomicLong(clockNanos.getAsLong());
        }

        /**
         * -1 when this line must not be written (counted as suppressed); else the line may be
         * written and the result is how many lines were suppressed since the last one written.
         */
        long admit() {
            long now = clockNanos.getAsLong();
            long next = nextAllowedNanos.get();
            if (now - next >= 0 && nextAllowedNanos.compareAndSet(next, now + TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS))) {
                return suppressed.getAndSet(0);
            }
            suppressed.incrementAndGet();
            return -1;
        }

        /** " (N similar lines suppressed)" for a positive count, else "": appended to a line. */
        static String suffix(long suppressedCount) {
            return suppressedCount > 0 ? " (" + suppressedCount + " similar lines suppressed before this one)" : "";
        }
    }
}
