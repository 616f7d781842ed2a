/* The host's log: one line per event on standard output, prefixed "presence-host: ". */
package presence.host;

public final class HostLog {
    private HostLog() {
    }

    /** Prints one line (line breaks in message become spaces). */
    public static void line(String message) {
        String oneLine = message.replace('\r', ' ').replace('\n', ' ');
        synchronized (System.out) {
            System.out.println("presence-host: " + oneLine);
        }
    }

    /** Describes a failure in one line: the exception, its message and where it was thrown. */
    public static String describe(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        String where = trace.length > 0 ? " at " + trace[0] : "";
        Throwable cause = failure.getCause();
        return failure + where + (cause != null && cause != failure ? "; caused by " + describe(cause) : "");
    }
}
