/* Openfire's PluginServlet at /plugins/*: plugin servlets registered under
 * (pluginName + url-pattern).toLowerCase(), dispatched with Openfire's rules, and every other
 * path served from <home>/plugins/<name>/web/ on disk at request time. */
package presence.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.servlet.GenericServlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

final class PluginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Path home;
    private volatile Map<String, GenericServlet> servlets = Map.of();

    PluginServlet(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** Adds servlets (key = lower-cased plugin name + url-pattern), keeping registration order. */
    synchronized void register(Map<String, GenericServlet> added) {
        Map<String, GenericServlet> next = new LinkedHashMap<>(servlets);
        next.putAll(added);
        servlets = Collections.unmodifiableMap(next);
    }

    /** Removes the servlets registered under keys. */
    synchronized void unregister(Collection<String> keys) {
        Map<String, GenericServlet> next = new LinkedHashMap<>(servlets);
        next.keySet().removeAll(keys);
        servlets = Collections.unmodifiableMap(next);
    }

    /**
     * Openfire's dispatch: a path ending in .jsp goes to the servlet registered for exactly that
     * key, else 404; any other path goes to the exact key, or else (before 4.9) the first key K
     * (with "/*" cut) where K starts with the path or the path starts with K, or (4.9+) the first
     * key whose "*"s match any text and the rest literally; else it is a static file.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pathInfo = request.getPathInfo();
        try {
            if (pathInfo == null) {
                PlainAnswer.send(response, HttpServletResponse.SC_NOT_FOUND, "Not found.");
                return;
            }
            GenericServlet servlet = pathInfo.endsWith(".jsp") ? exact(pathInfo) : matching(pathInfo);
            if (servlet != null) {
                servlet.service(request, response);
            } else if (pathInfo.endsWith(".jsp")) {
                PlainAnswer.send(response, HttpServletResponse.SC_NOT_FOUND, "Not found.");
            } else {
                serveFile(pathInfo, response);
            }
        } catch (IOException | ServletException | RuntimeException | LinkageError e) {
            HostLog.line("request " + request.getMethod() + " " + request.getRequestURI() + " failed: " + HostLog.describe(e));
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR); // as Openfire: status only
            }
        }
    }

    private GenericServlet exact(String pathInfo) {
        return servlets.get(pathInfo.substring(1).toLowerCase(Locale.ROOT));
    }

    private GenericServlet matching(String pathInfo) {
        String path = pathInfo.substring(1).toLowerCase(Locale.ROOT);
        Map<String, GenericServlet> current = servlets;
        GenericServlet servlet = current.get(path);
        if (servlet != null) {
            return servlet;
        }
        if (OpenfireLine.current().exactServletLookup()) {
            for (Map.Entry<String, GenericServlet> entry : current.entrySet()) {
                if (wildcardMatches(entry.getKey(), path)) {
                    return entry.getValue();
                }
            }
            return null;
        }
        for (Map.Entry<String, GenericServlet> entry : current.entrySet()) {
            String key = entry.getKey();
            int wildcard = key.indexOf("/*");
            String searchKey = wildcard == -1 ? key : key.substring(0, wildcard);
            if (searchKey.startsWith(path) || path.startsWith(searchKey)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Openfire 4.9+'s getWildcardMappedObject: key's "*"s match any text, everything else literally. */
    static boolean wildcardMatches(String key, String path) {
        StringBuilder regex = new StringBuilder();
        for (String part : key.split("\\*")) {
            regex.append(regex.length() == 0 ? "" : ".*").append(Pattern.quote(part));
        }
        if (key.endsWith("*")) {
            regex.append(".*");
        }
        return path.matches(regex.toString());
    }

    /** <home>/plugins/<name>/web/<rest>: 403 outside home, 404 when missing, MIME type from the context. */
    private void serveFile(String pathInfo, HttpServletResponse response) throws IOException {
        String[] parts = pathInfo.split("/");
        if (parts.length < 3) {
            PlainAnswer.send(response, HttpServletResponse.SC_NOT_FOUND, "Not found.");
            return;
        }
        Path file;
        try {
            String rest = pathInfo.substring(parts[1].length() + 1);
            file = home.resolve("plugins").resolve(parts[1]).resolve("web" + rest).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            PlainAnswer.send(response, HttpServletResponse.SC_NOT_FOUND, "Not found.");
            return;
        }
        if (!file.startsWith(home)) {
            PlainAnswer.send(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden.");
            return;
        }
        if (!Files.isRegularFile(file)) {
            PlainAnswer.send(response, HttpServletResponse.SC_NOT_FOUND, "Not found.");
            return;
        }
        String contentType = getServletContext().getMimeType(pathInfo);
        byte[] bytes = Files.readAllBytes(file);
        response.setContentType(contentType != null ? contentType : "text/plain");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
