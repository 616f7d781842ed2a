/* /host/adhoc: XMPP ad-hoc commands (XEP-0050) as a client logged in as `from` would run them,
 * over HTTP for the tests (the host has no XMPP port; `from` plays the JID Openfire authenticated).
 *   POST /host/adhoc?from=alice@example.com/web  body: <iq type='set' id='1'><command
 *        xmlns='http://jabber.org/protocol/commands' node='...' action='...'>...</command></iq>
 *        → 200 text/xml, the IQ answer (result or error) of the runtime's AdHocCommandHandler.
 *   GET  /host/adhoc?from=JID → 200 text/plain, one "node label" line per command from may run
 *        (what disco#items of the commands node lists).
 * from missing or not a JID → 400; a body over MAX_BODY bytes → 413. */
package presence.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.xmpp.packet.JID;

final class AdHocServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/host/adhoc";
    static final int MAX_BODY = 65536;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String from = sender(request, response);
        if (from != null) {
            PlainAnswer.send(response, 200, String.join("\n", AdHocCommands.items(from)));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String from = sender(request, response);
        if (from == null) {
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            PlainAnswer.send(response, 413, "The IQ is longer than " + MAX_BODY + " bytes.");
            return;
        }
        byte[] answer = AdHocCommands.process(from, new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/xml; charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /** The from parameter as a JID's string, or null after answering 400. */
    private static String sender(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String from = request.getParameter("from");
        try {
            if (from != null && !from.isEmpty()) {
                return new JID(from).toString();
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        PlainAnswer.send(response, 400, "from must be the JID of the requester.");
        return null;
    }
}
