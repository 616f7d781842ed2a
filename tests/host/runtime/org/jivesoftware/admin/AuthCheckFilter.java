/* Plugin host runtime: Openfire's admin-console guard. For each request it takes the URI without
 * the leading "/" and a leading "plugins/", and lets it through when it matches a registered
 * exclude (Openfire's rules, presence.host.AdminAccess) or the session is logged in; otherwise
 * it redirects to /login.jsp?url=<the request>. Sets X-Frame-Options (adminConsole.frame-options,
 * else the line's default). destroy() (an admin-console restart) empties the excludes on the lines
 * that do so (presence.host.OpenfireLine). */
package org.jivesoftware.admin;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.jivesoftware.util.JiveGlobals;
import presence.host.AdminAccess;
import presence.host.OpenfireLine;

public class AuthCheckFilter implements Filter {
    private static final String PLUGINS_PREFIX = "plugins/";

    private AuthCheckFilter() {
    }

    /** Lets requests whose path (without "/" and "plugins/") equals exclude pass without login. */
    public static void addExclude(String exclude) {
        AdminAccess.addExclude(exclude);
    }

    /** Removes an exclude added with addExclude. */
    public static void removeExclude(String exclude) {
        AdminAccess.removeExclude(exclude);
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        OpenfireLine line = OpenfireLine.current();
        String frameOptions = JiveGlobals.getProperty("adminConsole.frame-options", line.defaultFrameOptions());
        if (line.perServletConfig()) {
            httpResponse.setHeader("X-Frame-Options", frameOptions);
        } else {
            httpResponse.addHeader("X-Frame-Options", frameOptions);
        }
        String url = httpRequest.getRequestURI().substring(1);
        if (url.startsWith(PLUGINS_PREFIX)) {
            url = url.substring(PLUGINS_PREFIX.length());
        }
        if (AdminAccess.isExcluded(url) || AdminAccess.isLoggedIn(httpRequest.getSession(false))) {
            chain.doFilter(request, response);
            return;
        }
        String query = httpRequest.getQueryString();
        String target = httpRequest.getRequestURI() + (query == null ? "" : "?" + query);
        httpResponse.sendRedirect(AdminAccess.LOGIN_PAGE + "?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    /** As the played line: 4.6.8 to 5.0.5 reset the excludes here, the others keep them. */
    @Override
    public void destroy() {
        if (OpenfireLine.current().restartWipesExcludes()) {
            AdminAccess.clearExcludes();
        }
    }
}
