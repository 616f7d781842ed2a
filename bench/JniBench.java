package bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
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
    /** The parameters of resolve: (byte[] packed, int flags, int priority). */
    private static final Class<?>[] RESOLVE_PARAMETERS = {byte[].class, int.class, int.class};
    private static final MethodHandle PACK;
    private static final MethodHandle RESOLVE;
    private static final MethodHandle SAME_SHAPE;
    private static final MethodHandle EMPTY;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    static { // constant handles: the JIT compiles invokeExact on them to direct calls
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> core = Class.forName(CORE_CLASS);
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

    /** The 17 fields (README, "The JNI boundary") for jsmith@example.com, online and away; the
     * stanza only for type=xml, as StatusRequestFacts gathers it. */
    private static byte[][] onlineUserFields(String type) {
        String jid = "jsmith@example.com";
        String[] f = new String[17];
        f[0] = jid;
        f[2] = type;
        f[11] = jid;
        f[13] = "In a meeting until 3pm";
        f[14] = !"xml".equals(type) ? null : "<presence from=\"jsmith@example.com/laptop\" to=\"jsmith@example.com\">"
                + "<show>away</show><status>In a meeting until 3pm</status><priority>5</priority></presence>";
        f[16] = "Unavailable";
        byte[][] fields = new byte[17][];
        for (int i = 0; i < f.length; i++) {
            fields[i] = f[i] == null ? null : f[i].getBytes(StandardCharsets.UTF_8);
        }
        return fields;
    }

    /** jid valid, has node, local domain, exists, public, available, show away. */
    private static int onlineUserFlags() {
        return 1 | 1 << 1 | 1 << 2 | 1 << 4 | 1 << 5 | 1 << 8 | 2 << 9;
    }

    private static int httpStatus(byte[] answer) {
        return ByteBuffer.wrap(answer).getShort(0) & 0xffff;
    }

    /** Body length from the wire format: status, headers, log message, then the body. */
    private static int bodyLength(byte[] answer) {
        ByteBuffer b = ByteBuffer.wrap(answer);
        b.getShort();
        int headers = b.get() & 0xff;
        for (int h = 0; h < headers * 2; h++) {
            int length = b.getShort() & 0xffff;
            b.position(b.position() + length);
        }
        int log = b.getShort() & 0xffff;
        b.position(b.position() + log);
        return b.remaining();
    }
}
