/* First filter on /plugins/*: each request holds the read side of the swap lock while it runs,
 * so the plugin is never swapped under a running request; a request that cannot get it within
 * WAIT_MILLIS (a reload is slow) gets a one-line 503 instead of waiting longer. */
package presence.host;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

final class SwapGate implements Filter {
    private static final long WAIT_MILLIS = 5000;

    private final ReadWriteLock swapLock;

    SwapGate(ReadWriteLock swapLock) {
        this.swapLock = swapLock;
    }

    @Override
    public void init(FilterConfig config) {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean locked;
        try {
            locked = swapLock.readLock().tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            PlainAnswer.send((HttpServletResponse) response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "The plugin is being reloaded; try again in a moment.", "Retry-After", "1");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            swapLock.readLock().unlock();
        }
    }

    @Override
    public void destroy() {
    }
}
