/* Openfire 5.1+'s CacheControlFilter (first on /*): after the chain, an answer that is not
 * committed, has no Cache-Control and is 200 or 304 gets "public, max-age=3600" when its path ends
 * in a static-resource extension (adminConsole.static-resource-extensions' default list), else
 * "no-cache, no-store, must-revalidate" with Pragma: no-cache and Expires: 0. */
package presence.host;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

final class CacheControlFilter implements Filter {
    private static final Set<String> STATIC_EXTENSIONS = Set.of("js", "css", "png", "jpg", "jpeg", "gif", "svg",
            "woff", "woff2", "ttf", "ico", "webp", "map");
    private static final long STATIC_MAX_AGE_SECONDS = 3600;

    @Override
    public void init(FilterConfig config) {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
        if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse httpResponse)) {
            return;
        }
        if (httpResponse.isCommitted() || httpResponse.containsHeader("Cache-Control")) {
            return;
        }
        int status = httpResponse.getStatus();
        if (status != HttpServletResponse.SC_OK && status != HttpServletResponse.SC_NOT_MODIFIED) {
            return;
        }
        if (isStatic(httpRequest.getRequestURI())) {
            httpResponse.setHeader("Cache-Control", "public, max-age=" + STATIC_MAX_AGE_SECONDS);
        } else {
            httpResponse.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
            httpResponse.setHeader("Pragma", "no-cache");
            httpResponse.setDateHeader("Expires", 0);
        }
    }

    private static boolean isStatic(String uri) {
        int dot = uri == null ? -1 : uri.lastIndexOf('.');
        return dot != -1 && dot < uri.length() - 1 && STATIC_EXTENSIONS.contains(uri.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public void destroy() {
    }
}
