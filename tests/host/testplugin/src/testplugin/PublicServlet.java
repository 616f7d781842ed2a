/* Host test plugin: GET /plugins/testplugin/public answers one line about the plugin and the
 * Openfire API as the plugin sees it: its version, whether initializePlugin ran, the domain,
 * alice's show, and whether the host's own classes are hidden from the plugin. */
package testplugin;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.xmpp.packet.Presence;

public class PublicServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        XMPPServer server = XMPPServer.getInstance();
        String alice;
        try {
            Presence presence = server.getPresenceManager().getPresence(server.getUserManager().getUser("alice"));
            alice = presence == null ? "offline" : presence.getShow() == null ? "available" : presence.getShow().name();
        } catch (UserNotFoundException e) {
            alice = "unknown";
        }
        String hostClasses;
        try {
            Class.forName("presence.host.Directory", false, getClass().getClassLoader());
            hostClasses = "visible";
        } catch (ClassNotFoundException e) {
            hostClasses = "hidden";
        }
        response.setContentType("text/plain; charset=UTF-8");
        response.getWriter().print("version=" + TestPlugin.version() + " initialized=" + (TestPlugin.directory != null)
                + " domain=" + server.getServerInfo().getXMPPDomain() + " alice=" + alice + " host=" + hostClasses);
    }
}
