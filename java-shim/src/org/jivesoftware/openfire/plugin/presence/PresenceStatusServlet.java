package org.jivesoftware.openfire.plugin.presence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /plugins/presence/status (GET, HEAD, POST, OPTIONS): gathers the facts, makes one
 * PresenceCore.resolve call (resolveBatch for several jid parameters; OPTIONS: the core's
 * preflight) and writes the core's status, headers and body. Its own answers (503 without the
 * native core, 400 for unreadable parameters, 500 for a failure, 405 for every other method,
 * TRACE included: nothing of the request is echoed) are one plain-text sentence with the
 * security headers every core answer carries (with plugin.presence.cors.origins set: no
 * Access-Control-Allow-Origin, "Vary: Origin"). Their log lines can be caused by
 * anyone, so each kind is written at most once per LogText.Throttle.WINDOW_MILLIS with the
 * number of lines suppressed meanwhile; never a stack trace.
 */
public class PresenceStatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceStatusServlet.class);

    /** The methods this servlet answers: presence.h PRESENCE_ALLOWED_METHODS (the core's preflight
     * carries it from there; a JUnit test checks both agree), the Allow header of 405 answers. */
    static final String ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS";
    /**
     * The Content-Security-Policy of every answer: presence.h PRESENCE_CONTENT_SECURITY_POLICY
     * (the core's answers carry it from there; a JUnit test and an e2e test check both agree).
     * A status URL opened as a page gets a sandboxed document that can load no script, style or
     * frame, only images of this origin, so nothing served here runs on Openfire's origin.
     */
    static final String CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; img-src 'self'";
    /**
     * The Access-Control-Allow-Origin of every answer: presence.h PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN
     * (checked like the policy). Any page may read the answers; no answer depends on credentials,
     * so Access-Control-Allow-Credentials is never sent.
     */
    static final String ACCESS_CONTROL_ALLOW_ORIGIN = "*";
    /** The public 503 sentence: the reason is in the log (once, at load) and on the admin page. */
    static final String UNAVAILABLE_SENTENCE = "The presence service is unavailable.";
    static final String UNREADABLE_SENTENCE = "The request parameters could not be read.";
    static final String FAILED_SENTENCE = "The presence service failed to answer this request.";
    static final String METHOD_SENTENCE = "This method is not allowed here; use GET, HEAD or POST.";

    /** One throttle per kind of client-caused log line (a fixed set, so memory is bounded). */
    private static final LogText.Throttle UNAVAILABLE_LOG = new LogText.Throttle();
    private static final LogText.Throttle UNREADABLE_LOG = new LogText.Throttle();
    private static final LogText.Throttle CORE_REFUSED_LOG = new LogText.Throttle();
    private static final LogText.Throttle CORE_FAILED_LOG = new LogText.Throttle();
    private static final LogText.Throttle FAILED_LOG = new LogText.Throttle();
    private static final LogText.Throttle METHOD_LOG = new LogText.Throttle();

    /** GET, HEAD and POST as HttpServlet does; OPTIONS answered by the core; every other method 405. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "POST".equals(method)) {
            super.service(request, response);
        } else if ("OPTIONS".equals(method)) {
            answer(request, response, true);
        } else {
            long suppressed = METHOD_LOG.admit();
            if (suppressed >= 0) {
                LOG.info("presence: answered 405: a request with a method other than {}{}", ALLOWED_METHODS,
                        LogText.Throttle.suffix(suppressed));
            }
            response.setHeader("Allow", ALLOWED_METHODS);
            sendPlain(response, 405, METHOD_SENTENCE);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false);
    }

    /** GET's headers and Content-Length without the body; unlike HttpServlet's own HEAD, a 304
     * gets no Content-Length (HttpServlet would add "Content-Length: 0"). */
    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false, true);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean preflight) throws IOException {
        answer(request, response, preflight, false);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean preflight, boolean head)
            throws IOException {
        PluginState state = PluginState.current();
        if (state == null || !state.nativeStatus().loaded()) {
            long suppressed = UNAVAILABLE_LOG.admit();
            if (suppressed >= 0) {
                LOG.warn("presence: answered 503: {} (see the plugin's load message or its admin page){}",
                        state == null ? "the plugin is not initialized" : "the native core is not loaded",
                        LogText.Throttle.suffix(suppressed));
            }
            sendPlain(response, 503, UNAVAILABLE_SENTENCE);
            return;
        }
        Function<String, String> parameters;
        List<String> jids;
        try {
            parameters = preflight ? name -> null : readParameters(request);
            String[] values = preflight ? null : request.getParameterValues("jid");
            jids = values == null ? Collections.<String>emptyList() : Arrays.asList(values);
        } catch (RuntimeException | IOException e) {
            long suppressed = UNREADABLE_LOG.admit();
            if (suppressed >= 0) {
                LOG.info("presence: answered 400: the request parameters could not be read ({}){}",
                        LogText.clean(e.toString()), LogText.Throttle.suffix(suppressed));
            }
            sendPlain(response, 400, UNREADABLE_SENTENCE);
            return;
        }
        CoreAnswer answer;
        try {
            Function<String, String> headers = name -> header(request, name);
            if (jids.size() > 1) {
                answer = CoreAnswer.decode(PresenceCore.resolveBatch(
                        StatusRequestFacts.gatherBatch(jids, parameters, headers, state.probe())));
            } else {
                StatusRequestFacts facts = preflight ? StatusRequestFacts.preflight(headers)
                        : StatusRequestFacts.gather(parameters, headers, state.probe());
                answer = CoreAnswer.decode(PresenceCore.resolveFields(facts.fields, facts.flags, facts.priority));
            }
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            long suppressed = FAILED_LOG.admit();
            if (suppressed >= 0) {
                LOG.error("presence: answered 500: {}{}", LogText.clean(e.toString()), LogText.Throttle.suffix(suppressed));
            }
            sendPlain(response, 500, FAILED_SENTENCE);
            return;
        }
        if (!answer.logMessage().isEmpty()) {
            logCoreMessage(answer);
        }
        write(response, answer, head);
    }

    /** The parameters the shim reads: StatusRequestFacts.PARAMETERS and SIGNATURE_PARAMETERS. */
    private static final Set<String> READ_PARAMETERS = readParameterNames();

    private static Set<String> readParameterNames() {
        Set<String> names = new HashSet<>(StatusRequestFacts.PARAMETERS);
        names.addAll(StatusRequestFacts.SIGNATURE_PARAMETERS);
        return Collections.unmodifiableSet(names);
    }

    /**
     * The status parameters as UTF-8 text (query string or form body), by name (null: absent);
     * first value wins. Only the parameters the request has are looked up, so a request pays for
     * its own parameters, not for every name the shim knows. The container reads them all here,
     * so unreadable ones (an IOException or RuntimeException) are answered 400 before anything
     * else is done.
     */
    private static Function<String, String> readParameters(HttpServletRequest request) throws IOException {
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        }
        Map<String, String> present = null;
        for (Enumeration<String> names = request.getParameterNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (READ_PARAMETERS.contains(name)) {
                if (present == null) {
                    present = new HashMap<>();
                }
                present.put(name, request.getParameter(name));
            }
        }
        return present == null ? name -> null : present::get;
    }

    /** A request header's lines joined with ", " (RFC 9110 5.3), or null when absent. */
    private static String header(HttpServletRequest request, String name) {
        if (request.getHeader(name) == null) {
            return null;  // the usual case, answered without the lines' enumeration
        }
        Enumeration<String> lines = request.getHeaders(name);
        if (lines == null || !lines.hasMoreElements()) {
            return null;
        }
        String first = lines.nextElement();
        if (!lines.hasMoreElements()) {
            return first;
        }
        StringBuilder joined = new StringBuilder(first);
        while (lines.hasMoreElements()) {
            joined.append(", ").append(lines.nextElement());
        }
        return joined.toString();
    }

    /** The core's log message, throttled: 5xx (snapshot data over limits) warn, 4xx info. */
    private static void logCoreMessage(CoreAnswer answer) {
        boolean failed = answer.status() >= 500;
        long suppressed = (failed ? CORE_FAILED_LOG : CORE_REFUSED_LOG).admit();
        if (suppressed < 0) {
            return;
        }
        String line = LogText.clean(answer.logMessage()) + LogText.Throttle.suffix(suppressed);
        if (failed) {
            LOG.warn("presence: answered {}: {}", answer.status(), line);
        } else {
            LOG.info("presence: answered {}: {}", answer.status(), line);
        }
    }

    /** Writes the core's answer: status, headers (Content-Type first), Content-Length, body. A 304
     * has no body and no Content-Length (it would have to be the 200's, RFC 9110 8.6). */
    private static void write(HttpServletResponse response, CoreAnswer answer, boolean head) throws IOException {
        response.setStatus(answer.status());
        for (CoreAnswer.Header header : answer.headers()) {
            if (header.name().equalsIgnoreCase("Content-Type")) {
                response.setContentType(header.value());
            } else {
                response.setHeader(header.name(), header.value());
            }
        }
        if (answer.status() == HttpServletResponse.SC_NOT_MODIFIED) {
            return;
        }
        response.setContentLength(answer.bodyLength());
        if (answer.bodyLength() > 0 && !head) {
            response.getOutputStream().write(answer.body(), answer.bodyOffset(), answer.bodyLength());
        }
    }

    /**
     * The headers of every answer, the same as the core's error answers (Cache-Control, nosniff,
     * CSP, and Access-Control-Allow-Origin: * or, with plugin.presence.cors.origins set, none
     * and "Vary: Origin").
     */
    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        boolean listed;
        try {
            listed = PresenceSettings.corsOriginsListed();
        } catch (RuntimeException unreadable) {
            // Openfire's properties cannot be read (the 500 of a failing server): the default
            // applies; these fixed sentences hold nothing any origin may not read.
            listed = false;
        }
        if (listed) {
            response.setHeader("Vary", "Origin");
        } else {
            response.setHeader("Access-Control-Allow-Origin", ACCESS_CONTROL_ALLOW_ORIGIN);
        }
    }

    /** One plain-text sentence with the security headers every answer carries. */
    static void sendPlain(HttpServletResponse response, int status, String sentence) throws IOException {
        byte[] body = sentence.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        securityHeaders(response);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
