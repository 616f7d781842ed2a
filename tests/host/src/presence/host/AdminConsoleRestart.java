/* An admin-console restart as Openfire does one (after setup, a certificate store change, port or
 * TLS property changes): the whole admin context stops (its filters' destroy() runs, so
 * AuthCheckFilter empties the excludes on the lines that do so) and starts again. The restart
 * holds the write side of a lock whose read side every request holds (handle), so requests
 * arriving meanwhile wait and are then served by the restarted console (Openfire refuses
 * connections during the restart instead; the wait keeps the tests' answers unambiguous).
 * Trigger: POST /host/restart-admin-console as a logged-in admin (servlet), answered 202 at once;
 * the host logs "admin console restarted (N)" when the N-th restart is done. */
package presence.host;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.HandlerWrapper;

final class AdminConsoleRestart extends HandlerWrapper {
    /** The trigger's path. */
    static final String PATH = "/host/restart-admin-console";

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final AtomicInteger restarts = new AtomicInteger();
    private final ContextHandler console;

    AdminConsoleRestart(ContextHandler console) {
        this.console = console;
        setHandler(console);
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        lock.readLock().lock();
        try {
            super.handle(target, baseRequest, request, response);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many restarts have completed. */
    int restarts() {
        return restarts.get();
    }

    /** Stops and starts the admin context on a new thread (the caller may be one of its requests). */
    void restartInBackground() {
        Thread restart = new Thread(this::restart, "presence-host-admin-console-restart");
        restart.setDaemon(true);
        restart.start();
    }

    private void restart() {
        lock.writeLock().lock();
        try {
            console.stop();
            console.start();
            HostLog.line("admin console restarted (" + restarts.incrementAndGet() + ")");
        } catch (Exception e) {
            HostLog.line("admin console restart failed: " + HostLog.describe(e));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** POST PATH: 202 and a restart for a logged-in admin, else 403; other methods 405. */
    final class Trigger extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!AdminAccess.isLoggedIn(request.getSession(false))) {
                PlainAnswer.send(response, HttpServletResponse.SC_FORBIDDEN, "Only a logged-in admin may restart the admin console.");
                return;
            }
            restartInBackground();
            PlainAnswer.send(response, HttpServletResponse.SC_ACCEPTED, "Restarting the admin console.");
        }
    }
}
