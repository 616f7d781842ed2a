/* The admin console's /login.jsp and /logout.jsp. GET /login.jsp shows a form carrying a CSRF
 * token bound to the session; POST checks the token and the directory's admin account, renews
 * the session id, marks the session logged in and redirects to the "url" parameter when it is a
 * local path. /logout.jsp ends the session. */
package presence.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String CSRF_ATTRIBUTE = "presence.host.login-csrf";
    private static final String DEFAULT_TARGET = "/";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isLogout(request)) {
            logout(request, response);
            return;
        }
        showForm(request, response, HttpServletResponse.SC_OK, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isLogout(request)) {
            logout(request, response);
            return;
        }
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(CSRF_ATTRIBUTE);
        String given = request.getParameter("csrf");
        if (!(expected instanceof String token) || given == null
                || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            HostLog.line("login refused: missing or wrong CSRF token");
            showForm(request, response, HttpServletResponse.SC_FORBIDDEN, "The login form has expired; please try again.");
            return;
        }
        String username = request.getParameter("username");
        String password = request.getParameter("password");
        if (username == null || password == null || !Directory.installed().isAdmin(username, password)) {
            HostLog.line("login refused: wrong username or password");
            showForm(request, response, HttpServletResponse.SC_OK, "Wrong username or password.");
            return;
        }
        request.changeSessionId();
        session.removeAttribute(CSRF_ATTRIBUTE);
        AdminAccess.logIn(session, username);
        HostLog.line("admin logged in");
        response.sendRedirect(localTarget(request.getParameter("url")));
    }

    private static boolean isLogout(HttpServletRequest request) {
        return request.getServletPath().equals("/logout.jsp");
    }

    private static void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        response.sendRedirect(AdminAccess.LOGIN_PAGE);
    }

    /** target when it is a path on this server ("/..." but not "//..."), else "/". */
    static String localTarget(String target) {
        if (target == null || !target.startsWith("/") || target.startsWith("//") || target.contains("\\")) {
            return DEFAULT_TARGET;
        }
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) < 0x20 || target.charAt(i) == 0x7f) {
                return DEFAULT_TARGET;
            }
        }
        return target;
    }

    private static void showForm(HttpServletRequest request, HttpServletResponse response, int status, String error)
            throws IOException {
        HttpSession session = request.getSession(true);
        String token = newToken();
        session.setAttribute(CSRF_ATTRIBUTE, token);
        String target = localTarget(request.getParameter("url"));
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Admin login - presence host</title><link rel=\"stylesheet\" href=\"/demo/demo.css\"></head>"
                + "<body><main class=\"login\"><h1>Admin console login</h1>"
                + (error == null ? "" : "<p class=\"error\">" + Xml.escapeHtml(error) + "</p>")
                + "<form method=\"post\" action=\"/login.jsp\">"
                + "<label>Username <input name=\"username\" autocomplete=\"username\" required></label>"
                + "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Xml.escapeHtml(token) + "\">"
                + "<input type=\"hidden\" name=\"url\" value=\"" + Xml.escapeHtml(target) + "\">"
                + "<button type=\"submit\" name=\"login\" value=\"true\">Log in</button></form>"
                + "<p><a href=\"/\">Back to the demo page</a></p></main></body></html>\n";
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
