/* Writes the host's own short answers: one line of text/plain (errors, 503 during a reload). */
package presence.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletResponse;

final class PlainAnswer {
    private PlainAnswer() {
    }

    /**
     * Sends status with one line of text, no-cache, nosniff and the extra (name, value) header
     * pairs, unless the response is already committed.
     */
    static void send(HttpServletResponse response, int status, String line, String... extraHeaders) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        byte[] body = line.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            response.setHeader(extraHeaders[i], extraHeaders[i + 1]);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
