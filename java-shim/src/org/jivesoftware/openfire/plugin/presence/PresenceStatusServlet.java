package org.jivesoftware.openfire.plugin.presence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /plugins/presence/status (GET, HEAD, POST): gathers the facts, makes one PresenceCore.resolve
 * call and writes the core's status, headers and body. Its own answers (503 without the native
 * core, 400 for unreadable parameters, 500 for a failure) are one plain-text sentence plus one
 * log line, never a stack trace.
 */
public class PresenceStatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceStatusServlet.class);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PluginState state = PluginState.current();
        if (state == null || !state.nativeStatus().loaded()) {
            String reason = state == null ? "the plugin is not initialized" : state.nativeStatus().reason();
            LOG.warn("presence: answered 503: {}", LogText.clean(reason));
            sendPlain(response, 503, "The presence service is unavailable: " + reason + ".");
            return;
        }
        Map<String, String> parameters;
        try {
            parameters = readParameters(request);
        } catch (RuntimeException | IOException e) {
            LOG.info("presence: answered 400: the request parameters could not be read ({})", LogText.clean(e.toString()));
            sendPlain(response, 400, "The request parameters could not be read.");
            return;
        }
        CoreAnswer answer;
        try {
            StatusRequestFacts facts = StatusRequestFacts.gather(parameters::get, state.probe());
            answer = CoreAnswer.decode(PresenceCore.resolveFields(facts.fields, facts.flags, facts.priority));
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            LOG.error("presence: answered 500: {}", LogText.clean(e.toString()));
            sendPlain(response, 500, "The presence service failed to answer this request.");
            return;
        }
        if (!answer.logMessage().isEmpty()) {
            logCoreMessage(answer);
        }
        write(response, answer);
    }

    /** The status parameters as UTF-8 text (query string or form body); first value wins. */
    private static Map<String, String> readParameters(HttpServletRequest request) throws IOException {
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        }
        Map<String, String> parameters = new HashMap<>();
        for (String name : StatusRequestFacts.PARAMETERS) {
            String value = request.getParameter(name);
            if (value != null) {
                parameters.put(name, value);
            }
        }
        return parameters;
    }

    private static void logCoreMessage(CoreAnswer answer) {
        String line = LogText.clean(answer.logMessage());
        if (answer.status() >= 500) {
            LOG.warn("presence: answered {}: {}", answer.status(), line);
        } else {
            LOG.info("presence: answered {}: {}", answer.status(), line);
        }
    }

    /** Writes the core's answer: status, headers (Content-Type first), Content-Length, body. */
    private static void write(HttpServletResponse response, CoreAnswer answer) throws IOException {
        response.setStatus(answer.status());
        for (CoreAnswer.Header header : answer.headers()) {
            if (header.name().equalsIgnoreCase("Content-Type")) {
                response.setContentType(header.value());
            } else {
                response.setHeader(header.name(), header.value());
            }
        }
        response.setContentLength(answer.bodyLength());
        if (answer.bodyLength() > 0) {
            response.getOutputStream().write(answer.body(), answer.bodyOffset(), answer.bodyLength());
        }
    }

    /** One plain-text sentence with the headers every answer carries. */
    static void sendPlain(HttpServletResponse response, int status, String sentence) throws IOException {
        byte[] body = sentence.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
