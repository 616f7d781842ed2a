/* The demo page at / and /demo.html: tests/host/demo/demo.html (read per request) with one row
 * per user and component of the loaded directory (status image, text and XML answers filled in by
 * demo.js), the current plugin.presence.public setting, every icon theme's icons of those
 * addresses as PNG (16 px, srcset 32 px at 2x and 48 px at 3x) and as SVG, every address's
 * badge (type=badge) and one with message=1 and a custom label, the type=json, several-JIDs
 * and type=shields answers (fetched by demo.js), and the avatars (type=avatar) of the users
 * with a vCard photo and of the unknown user (the default avatar). Everything inserted is
 * escaped. */
package presence.host;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.jivesoftware.util.JiveGlobals;

final class DemoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String STATUS_URL = "/plugins/presence/status?jid=";
    private static final String UNKNOWN_USER = "nobody";
    /** The plugin's built-in icon themes (README "Icon themes"). */
    private static final String[] THEMES = {"classic", "dot", "contrast"};
    /** The custom label of the demo's message=1 badge. */
    private static final String BADGE_LABEL = "presence";

    private final transient Path template;

    DemoServlet(Path demoDir) {
        this.template = demoDir.resolve("demo.html");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String page;
        try {
            page = Files.readString(template, StandardCharsets.UTF_8);
        } catch (IOException e) {
            HostLog.line("demo page template " + template + " unreadable: " + e.getMessage());
            PlainAnswer.send(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "The demo page template is missing.");
            return;
        }
        Directory directory = Directory.installed();
        String publicValue = JiveGlobals.getProperty("plugin.presence.public", "false");
        page = page.replace("{{domain}}", Xml.escapeHtml(directory.domain()))
                .replace("{{public-value}}", Xml.escapeHtml(publicValue))
                .replace("{{public-meaning}}", Boolean.parseBoolean(publicValue)
                        ? "anyone may see every user's presence"
                        : "only the user and roster contacts with subscription from or both may see it"
                          + " (pass req_jid); everyone else gets forbidden")
                .replace("{{example-jid}}", Xml.escapeHtml(exampleJid(directory)))
                .replace("{{rows}}", rows(directory))
                .replace("{{themes}}", themes(directory))
                .replace("{{badges}}", badges(directory))
                .replace("{{json}}", jsonRows(directory))
                .replace("{{avatars}}", avatars(directory));
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String exampleJid(Directory directory) {
        return directory.users().isEmpty() ? UNKNOWN_USER + "@" + directory.domain()
                : directory.users().get(0).username() + "@" + directory.domain();
    }

    private static String rows(Directory directory) {
        StringBuilder rows = new StringBuilder();
        for (Directory.User user : directory.users()) {
            rows.append(row(user.username() + "@" + directory.domain(), describe(user)));
        }
        for (Directory.Component component : directory.components()) {
            String note = component.note() != null ? component.note() : "external component";
            rows.append(row(component.subdomain() + "." + directory.domain(), note));
        }
        rows.append(row(UNKNOWN_USER + "@" + directory.domain(), "not a user of this server"));
        return rows.toString();
    }

    /** The addresses of the rows, in their order. */
    private static java.util.List<String> jids(Directory directory) {
        java.util.List<String> jids = new java.util.ArrayList<>();
        for (Directory.User user : directory.users()) {
            jids.add(user.username() + "@" + directory.domain());
        }
        for (Directory.Component component : directory.components()) {
            jids.add(component.subdomain() + "." + directory.domain());
        }
        jids.add(UNKNOWN_USER + "@" + directory.domain());
        return jids;
    }

    /** Two rows per theme: its PNGs with srcset for 2x and 3x displays, and its SVGs. */
    private static String themes(Directory directory) {
        StringBuilder rows = new StringBuilder();
        for (String theme : THEMES) {
            for (String format : new String[] {"png", "svg"}) {
                rows.append("<tr data-theme=\"").append(theme).append("\" data-format=\"").append(format)
                    .append("\"><th><code>theme=").append(theme).append("</code> ")
                    .append(format.equals("png") ? "PNG 16 px, srcset 32 px 2x, 48 px 3x" : "SVG")
                    .append("</th><td class=\"theme-icons\">");
                for (String jid : jids(directory)) {
                    String url = STATUS_URL + URLEncoder.encode(jid, StandardCharsets.UTF_8) + "&theme=" + theme;
                    String jidHtml = Xml.escapeHtml(jid);
                    rows.append("<img class=\"theme-icon\" data-jid=\"").append(jidHtml).append("\" alt=\"").append(theme)
                        .append(" status of ").append(jidHtml).append("\" width=\"16\" height=\"16\" ");
                    if (format.equals("png")) {
                        rows.append("src=\"").append(Xml.escapeHtml(url + "&size=16")).append("\" srcset=\"")
                            .append(Xml.escapeHtml(url + "&size=32")).append(" 2x, ")
                            .append(Xml.escapeHtml(url + "&size=48")).append(" 3x\">");
                    } else {
                        rows.append("src=\"").append(Xml.escapeHtml(url + "&format=svg")).append("\">");
                    }
                }
                rows.append("</td></tr>\n");
            }
        }
        return rows.toString();
    }

    private static String statusUrl(String jid) {
        return STATUS_URL + URLEncoder.encode(jid, StandardCharsets.UTF_8);
    }

    /** One badge per address of the rows, then the example address's badge with message=1 and
     * a custom label. The badges carry no width or height: they show at their natural size. */
    private static String badges(Directory directory) {
        StringBuilder rows = new StringBuilder();
        for (String jid : jids(directory)) {
            rows.append(badgeRow(jid, "default", "<code>type=badge</code>", statusUrl(jid) + "&type=badge"));
        }
        String example = exampleJid(directory);
        rows.append(badgeRow(example, "message", "<code>type=badge&amp;message=1&amp;label=" + BADGE_LABEL + "</code>",
                statusUrl(example) + "&type=badge&message=1&label=" + BADGE_LABEL));
        return rows.toString();
    }

    private static String badgeRow(String jid, String variant, String what, String url) {
        String jidHtml = Xml.escapeHtml(jid);
        return "<tr data-jid=\"" + jidHtml + "\" data-variant=\"" + variant + "\"><th><code>" + jidHtml + "</code> " + what
                + "</th><td><img class=\"badge\" data-jid=\"" + jidHtml + "\" data-variant=\"" + variant + "\" src=\""
                + Xml.escapeHtml(url) + "\" alt=\"badge of " + jidHtml + "\"></td></tr>\n";
    }

    /** The JSON answers filled in by demo.js: type=json and type=shields of the example address,
     * and one type=json request for every address of the rows (the several-JIDs object). */
    private static String jsonRows(Directory directory) {
        String example = exampleJid(directory);
        StringBuilder batch = new StringBuilder("/plugins/presence/status?type=json");
        for (String jid : jids(directory)) {
            batch.append("&jid=").append(URLEncoder.encode(jid, StandardCharsets.UTF_8));
        }
        return jsonRow("json", "<code>type=json</code> of <code>" + Xml.escapeHtml(example) + "</code>",
                        statusUrl(example) + "&type=json")
                + jsonRow("batch", "<code>type=json</code> with one <code>jid</code> per address above",
                        batch.toString())
                + jsonRow("shields", "<code>type=shields</code> of <code>" + Xml.escapeHtml(example) + "</code>",
                        statusUrl(example) + "&type=shields");
    }

    private static String jsonRow(String kind, String what, String url) {
        return "<tr data-kind=\"" + kind + "\"><th>" + what + "</th><td class=\"answer\" data-type=\"" + kind
                + "\" data-src=\"" + Xml.escapeHtml(url) + "\"><pre>…</pre></td></tr>\n";
    }

    /** The avatar of every user with a vCard photo, then the unknown user's: the default. */
    private static String avatars(Directory directory) {
        StringBuilder cells = new StringBuilder();
        java.util.List<String> jids = new java.util.ArrayList<>();
        for (Directory.User user : directory.users()) {
            if (directory.avatar(user.username()) != null) {
                jids.add(user.username() + "@" + directory.domain());
            }
        }
        jids.add(UNKNOWN_USER + "@" + directory.domain());
        for (String jid : jids) {
            String jidHtml = Xml.escapeHtml(jid);
            cells.append("<figure><img class=\"avatar\" data-jid=\"").append(jidHtml).append("\" src=\"")
                 .append(Xml.escapeHtml(statusUrl(jid) + "&type=avatar")).append("\" alt=\"avatar of ").append(jidHtml)
                 .append("\"><figcaption><code>").append(jidHtml).append("</code></figcaption></figure>\n");
        }
        return cells.toString();
    }

    private static String describe(Directory.User user) {
        if (user.note() != null) {
            return user.note();
        }
        int sessions = user.sessions().size();
        return sessions == 0 ? "offline" : sessions + (sessions == 1 ? " session" : " sessions");
    }

    private static String row(String jid, String note) {
        String url = STATUS_URL + URLEncoder.encode(jid, StandardCharsets.UTF_8);
        String jidHtml = Xml.escapeHtml(jid);
        return "<tr data-jid=\"" + jidHtml + "\">"
                + "<td class=\"who\"><code>" + jidHtml + "</code><div class=\"note\">" + Xml.escapeHtml(note) + "</div></td>"
                + "<td class=\"icon\"><a href=\"" + Xml.escapeHtml(url) + "\"><img class=\"status\" src=\"" + Xml.escapeHtml(url)
                + "\" alt=\"status of " + jidHtml + "\" width=\"16\" height=\"16\"></a></td>"
                + "<td class=\"answer\" data-type=\"text\" data-src=\"" + Xml.escapeHtml(url + "&type=text") + "\">…</td>"
                + "<td class=\"answer\" data-type=\"xml\" data-src=\"" + Xml.escapeHtml(url + "&type=xml") + "\"><pre>…</pre></td>"
                + "</tr>\n";
    }
}
