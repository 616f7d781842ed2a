/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.admin;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

public class AuthCheckFilter implements Filter {
    private AuthCheckFilter() {
    }

    public static void addExclude(String exclude) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public static void removeExclude(String exclude) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    @Override
    public void destroy() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}
