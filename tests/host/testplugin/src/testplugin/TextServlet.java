/* Host test plugin: answers "servlet-path=<servlet path> path-info=<path info>" in plain text. */
package testplugin;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class TextServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain; charset=UTF-8");
        response.getWriter().print("text-servlet " + request.getMethod() + " " + request.getRequestURI());
    }
}
