/* Host test plugin: GET /plugins/testplugin/config answers how the host initialised this servlet:
 * the ServletConfig's servlet name and "greeting" init-param, and whether the servlet context finds
 * the plugin's own resource testplugin/version.txt (it does through the plugin class loader, 4.7+). */
package testplugin;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class ConfigServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean resource = getServletContext().getResource("/testplugin/version.txt") != null;
        response.setContentType("text/plain; charset=UTF-8");
        response.getWriter().print("name=" + getServletConfig().getServletName() + " greeting="
                + getServletConfig().getInitParameter("greeting") + " resource=" + resource);
    }
}
