/* The host's way into the runtime's XEP-0050 handler (org.jivesoftware.openfire.commands
 * .AdHocCommandHandler installs itself here): an IQ from a JID in, the IQ answer out, as Openfire
 * answers a client; and the commands a JID may discover (disco#items of the commands node). */
package presence.host;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

public final class AdHocCommands {
    private static volatile BiFunction<String, String, String> processor;
    private static volatile Function<String, List<String>> lister;

    private AdHocCommands() {
    }

    /** Called once by the runtime's handler: its IQ processing and its command listing. */
    public static void install(BiFunction<String, String, String> process, Function<String, List<String>> items) {
        processor = process;
        lister = items;
    }

    /** The answer (an <iq/> as XML) to the IQ iqXml sent by the full JID from. */
    public static String process(String from, String iqXml) {
        org.jivesoftware.openfire.XMPPServer.getInstance().getAdHocCommandHandler();
        return processor.apply(from, iqXml);
    }

    /** "node label" of each command from may execute, sorted by node. */
    public static List<String> items(String from) {
        org.jivesoftware.openfire.XMPPServer.getInstance().getAdHocCommandHandler();
        return lister.apply(from);
    }
}
