package bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Times PresenceCore.resolve (Java → C core → Java), including PresenceCore.pack of the fields as
 * the servlet does, against do-nothing JNI calls in the same JVM.
 * Usage: java -cp SHIM_CLASSES:BENCH_CLASSES bench.JniBench LIBPRESENCE LIBNOOP CALLS_PER_ROUND ROUNDS
 * Prints one TSV line per measurement: name, median ns/call, min, max, HTTP status, body bytes.
 * Times are this thread's CPU time (time spent waiting for a CPU on a busy machine is not counted).
 * It reports only; it never asserts a timing.
 */
public final class JniBench {
    private static final String CORE_CLASS = "org.jivesoftware.openfire.plugin.presence.PresenceCore";
    private static final String ANSWER_CLASS = "org.jivesoftware.openfire.plugin.presence.CoreAnswer";
    /** The parameters of resolve: (byte[] packed, int flags, int priority). */
    private static final Class<?>[] RESOLVE_PARAMETERS = {byte[].class, int.class, int.class};
    private static final MethodHandle PACK;
    private static final MethodHandle RESOLVE;
    private static final MethodHandle SAME_SHAPE;
    private static final MethodHandle EMPTY;
    private static final Class<?> CORE;
    private static final Method DECODE;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    static { // constant handles: the JIT compiles invokeExact on them to direct calls
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> core = Class.forName(CORE_CLASS);
            CORE = core;
            DECODE = Class.forName(ANSWER_CLASS).getDeclaredMethod("decode", byte[].class);
            DECODE.setAccessible(true);
            Method coreMethod = core.getDeclaredMethod("resolve", RESOLVE_PARAMETERS);
            coreMethod.setAccessible(true);
            RESOLVE = lookup.unreflect(coreMethod);
            Method packMethod = core.getDeclaredMethod("pack", byte[][].class);
            packMethod.setAccessible(true);
            PACK = lookup.unreflect(packMethod);
            SAME_SHAPE = lookup.unreflect(Noop.class.getDeclaredMethod("sameShape", RESOLVE_PARAMETERS));
            EMPTY = lookup.unreflect(Noop.class.getDeclaredMethod("empty"));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JniBench() {}

    public static void main(String[] args) throws Throwable {
        if (args.length != 4) {
            System.err.println("usage: JniBench LIBPRESENCE LIBNOOP CALLS_PER_ROUND ROUNDS");
            System.exit(2);
        }
        System.load(args[0]);
        System.load(args[1]);
        int calls = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);

        byte[][] image = onlineUserFields(null);
        byte[][] text = onlineUserFields("text");
        int flags = onlineUserFlags();
        String[] names = {"noop-empty", "noop-same-signature", "resolve-image", "resolve-text"};
        double[][] samples = new double[names.length][rounds];
        for (int warm = 0; warm < 3; warm++) {
            for (int m = 0; m < names.length; m++) {
                timeRound(m, calls, image, text, flags);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int m = 0; m < names.length; m++) {
                samples[m][r] = timeRound(m, calls, image, text, flags);
            }
        }
        byte[] imageAnswer = (byte[]) RESOLVE.invokeExact((byte[]) PACK.invokeExact(image), flags, 5);
        byte[] textAnswer = (byte[]) RESOLVE.invokeExact((byte[]) PACK.invokeExact(text), flags, 5);
        for (int m = 0; m < names.length; m++) {
            double[] s = samples[m];
            Arrays.sort(s);
            byte[] answer = m == 2 ? imageAnswer : m == 3 ? textAnswer : null;
            System.out.printf("%s\t%.1f\t%.1f\t%.1f\t%s\t%s%n", names[m], s[rounds / 2], s[0], s[rounds - 1],
                    answer == null ? "-" : Integer.toString(httpStatus(answer)),
                    answer == null ? "-" : Integer.toString(bodyLength(answer)));
        }
        if (sink == 42) System.out.println();
    }

    /** Times one round of CALLS calls of measurement M; returns ns per call. */
    private static double timeRound(int m, int calls, byte[][] image, byte[][] text, int flags) throws Throwable {
        long start = THREADS.getCurrentThreadCpuTime();
        switch (m) {
            case 0:
                for (int i = 0; i < calls; i++) {
                    EMPTY.invokeExact();
                }
                break;
            case 1:
                byte[] packedOnce = (byte[]) PACK.invokeExact(image);
                for (int i = 0; i < calls; i++) {
                    byte[] answer = (byte[]) SAME_SHAPE.invokeExact(packedOnce, flags, 5);
                    sink += answer == null ? 1 : answer.length;
                }
                break;
            default:
                byte[][] fields = m == 2 ? image : text;
                for (int i = 0; i < calls; i++) {
                    byte[] packed = (byte[]) PACK.invokeExact(fields);
                    byte[] answer = (byte[]) RESOLVE.invokeExact(packed, flags, 5);
                    sink += answer.length;
                }
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / (double) calls;
    }

    /** PresenceCore's layout constant NAME (FIELD_, FLAG_, DOMAIN_, SHOW_): read from the shim, the
     * layout's one definition (package-private there, so read by reflection, like resolve). */
    private static int layout(String name) {
        try {
            Field constant = CORE.getDeclaredField(name);
            constant.setAccessible(true);
            return constant.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("PresenceCore." + name + " is missing", e);
        }
    }

    /** The packed fields (README, "The JNI boundary") for jsmith@example.com, online and away; the
     * stanza only for type=xml, as StatusRequestFacts gathers it. */
    private static byte[][] onlineUserFields(String type) {
        String jid = "jsmith@example.com";
        String[] f = new String[layout("FIELD_COUNT")];
        f[layout("FIELD_JID")] = jid;
        f[layout("FIELD_TYPE")] = type;
        f[layout("FIELD_JID_BARE")] = jid;
        f[layout("FIELD_STATUS_TEXT")] = "In a meeting until 3pm";
        f[layout("FIELD_STANZA_XML")] = !"xml".equals(type) ? null
                : "<presence from=\"jsmith@example.com/laptop\" to=\"jsmith@example.com\">"
                + "<show>away</show><status>In a meeting until 3pm</status><priority>5</priority></presence>";
        f[layout("FIELD_UNAVAILABLE_TEXT")] = "Unavailable";
        byte[][] fields = new byte[f.length][];
        for (int i = 0; i < f.length; i++) {
            fields[i] = f[i] == null ? null : f[i].getBytes(StandardCharsets.UTF_8);
        }
        return fields;
    }

    /** jid valid, has node, local domain, exists, public, available, show away. */
    private static int onlineUserFlags() {
        return layout("FLAG_JID_VALID") | layout("FLAG_JID_HAS_NODE")
                | layout("DOMAIN_LOCAL") << layout("FLAG_DOMAIN_SHIFT") | layout("FLAG_SUBJECT_EXISTS")
                | layout("FLAG_PRESENCE_PUBLIC") | layout("FLAG_AVAILABLE") | layout("SHOW_AWAY") << layout("FLAG_SHOW_SHIFT");
    }

    /** The answer decoded by the shim's CoreAnswer.decode (the answer format's one reader). */
    private static Object decode(byte[] answer) throws ReflectiveOperationException {
        return DECODE.invoke(null, (Object) answer);
    }

    private static int httpStatus(byte[] answer) throws ReflectiveOperationException {
        Object decoded = decode(answer);
        Method status = decoded.getClass().getDeclaredMethod("status");
        status.setAccessible(true);
        return (Integer) status.invoke(decoded);
    }

    /** Number of body bytes (everything after status, headers and log message). */
    private static int bodyLength(byte[] answer) throws ReflectiveOperationException {
        Object decoded = decode(answer);
        Method length = decoded.getClass().getDeclaredMethod("bodyLength");
        length.setAccessible(true);
        return (Integer) length.invoke(decoded);
    }
}
