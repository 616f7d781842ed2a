package org.jivesoftware.openfire.plugin.presence;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * In-process stand-ins for the servlet container: a request with given parameters and a
 * response that records what the servlet wrote. Any servlet API method not listed here throws
 * UnsupportedOperationException, so an unexpected use fails the test visibly.
 */
final class FakeHttp {
    static final String PAGE_URL = "http://127.0.0.1:9090/plugins/presence/presence-service.jsp";

    private FakeHttp() {
    }

    /** A session: attributes only. */
    static HttpSession session() {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpSession) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {HttpSession.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException("HttpSession." + method.getName());
            });
    }

    /**
     * A request (method GET, HEAD or POST) with parameters and an optional existing session.
     * parameters null: reading any parameter fails as Jetty does for a too large form.
     */
    static HttpServletRequest request(String httpMethod, Map<String, String> parameters, HttpSession session) {
        Map<String, List<String>> values = null;
        if (parameters != null) {
            values = new HashMap<>();
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                values.put(parameter.getKey(), parameter.getValue() == null ? null : List.of(parameter.getValue()));
            }
        }
        return request(httpMethod, values, Map.of(), session);
    }

    /**
     * A request with parameters of any number of values (null: reading fails as above) and headers
     * (name exactly as asked for, each with its lines).
     */
    static HttpServletRequest request(String httpMethod, Map<String, List<String>> parameters,
                                      Map<String, List<String>> headers, HttpSession session) {
        String[] encoding = {null};
        HttpSession[] current = {session};
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getMethod" -> httpMethod;
                case "getParameter" -> {
                    if (parameters == null) {
                        throw new IllegalStateException("Form too large: 300000 > 200000");
                    }
                    List<String> given = parameters.get((String) args[0]);
                    yield given == null ? null : given.get(0);
                }
                case "getParameterNames" -> {
                    if (parameters == null) {
                        throw new IllegalStateException("Form too large: 300000 > 200000");
                    }
                    yield Collections.enumeration(parameters.keySet());
                }
                case "getParameterValues" -> {
                    if (parameters == null) {
                        throw new IllegalStateException("Form too large: 300000 > 200000");
                    }
                    List<String> given = parameters.get((String) args[0]);
                    yield given == null ? null : given.toArray(new String[0]);
                }
                case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                case "getCharacterEncoding" -> encoding[0];
                case "setCharacterEncoding" -> {
                    encoding[0] = (String) args[0];
                    yield null;
                }
                case "getSession" -> {
                    boolean create = args == null || (Boolean) args[0];
                    if (current[0] == null && create) {
                        current[0] = session();
                    }
                    yield current[0];
                }
                case "getRequestURL" -> new StringBuffer(PAGE_URL);
                case "getProtocol" -> "HTTP/1.1";
                case "getHeader" -> {
                    List<String> lines = headers.get((String) args[0]);
                    yield lines == null ? null : lines.get(0);
                }
                case "getDateHeader" -> -1L;
                default -> throw new UnsupportedOperationException("HttpServletRequest." + method.getName());
            });
    }

    /** What a servlet wrote. */
    static final class Recorded {
        int status = 200;
        String contentType;
        long contentLength = -1;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("setWriteListener");
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setContentType" -> {
                        contentType = (String) args[0];
                        yield null;
                    }
                    case "setContentLength" -> {
                        contentLength = (Integer) args[0];
                        yield null;
                    }
                    case "setContentLengthLong" -> {
                        contentLength = (Long) args[0];
                        yield null;
                    }
                    case "setHeader" -> {
                        headers.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "containsHeader" -> headers.containsKey((String) args[0]);
                    case "getOutputStream" -> out;
                    case "getCharacterEncoding" -> "UTF-8";
                    case "isCommitted" -> false;
                    default -> throw new UnsupportedOperationException("HttpServletResponse." + method.getName());
                });
        }
    }
}
