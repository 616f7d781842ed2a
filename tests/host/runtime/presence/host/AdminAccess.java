/* The admin console's access state shared by AuthCheckFilter and the host's login page: the
 * excludes registered through AuthCheckFilter (matched with Openfire's rules) and the login
 * marker in the HTTP session. */
package presence.host;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.http.HttpSession;
import org.jivesoftware.util.JiveGlobals;

public final class AdminAccess {
    /** The login page every non-admin request is redirected to. */
    public static final String LOGIN_PAGE = "/login.jsp";
    /** Openfire's property that allows excludes ending in "*". */
    public static final String WILDCARDS_PROPERTY = "adminConsole.access.allow-wildcards-in-excludes";
    private static final String SESSION_ATTRIBUTE = "presence.host.admin";
    private static final Set<String> EXCLUDES = ConcurrentHashMap.newKeySet();

    private AdminAccess() {
    }

    public static void addExclude(String exclude) {
        EXCLUDES.add(exclude);
    }

    public static void removeExclude(String exclude) {
        EXCLUDES.remove(exclude);
    }

    /** Forgets every exclude (AuthCheckFilter.destroy on the lines that reset them). */
    public static void clearExcludes() {
        EXCLUDES.clear();
    }

    /** A snapshot of the registered excludes. */
    public static List<String> excludes() {
        return List.copyOf(EXCLUDES);
    }

    /** Whether url (request URI without "/" and "plugins/") passes one of the excludes. */
    public static boolean isExcluded(String url) {
        for (String exclude : EXCLUDES) {
            if (passesExclude(url, exclude)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Openfire's rule (AuthCheckFilter.testURLPassesExclude) on the played line. 4.5: an exclude
     * ending in "*" matches a URL starting with the rest unless the URL holds ".." or "%2e".
     * 4.6.8+: a URL that does not percent-decode passes no exclude, and an exclude ending in "*"
     * counts only when WILDCARDS_PROPERTY is true, then unless the decoded URL holds "..". Every
     * line: an exclude with "?" must equal the URL; any other must equal the URL cut at its "?".
     */
    static boolean passesExclude(String url, String exclude) {
        boolean wildcard = exclude.endsWith("*");
        String prefix = exclude.substring(0, Math.max(0, exclude.length() - 1));
        if (OpenfireLine.current().wildcardExcludesNeedProperty()) {
            String decoded;
            try {
                decoded = URLDecoder.decode(url, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEncoding) {
                return false;
            }
            if (wildcard && JiveGlobals.getBooleanProperty(WILDCARDS_PROPERTY, false)) {
                return url.startsWith(prefix) && !decoded.contains("..");
            }
        } else if (wildcard) {
            return url.startsWith(prefix) && !url.contains("..") && !url.toLowerCase(Locale.ROOT).contains("%2e");
        }
        if (exclude.contains("?")) {
            return url.equals(exclude);
        }
        int query = url.indexOf('?');
        return (query == -1 ? url : url.substring(0, query)).equals(exclude);
    }

    /** Whether session (may be null) belongs to a logged-in admin. */
    public static boolean isLoggedIn(HttpSession session) {
        try {
            return session != null && session.getAttribute(SESSION_ATTRIBUTE) != null;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    /** Marks session as logged in for username. */
    public static void logIn(HttpSession session, String username) {
        session.setAttribute(SESSION_ATTRIBUTE, username);
    }
}
