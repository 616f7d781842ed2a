/* Host test plugin: always throws, to check that the host answers 500 without a stack trace. */
package testplugin;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class FailingServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        throw new IllegalStateException("deliberate failure of the test plugin");
    }
}
