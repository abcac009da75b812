package org.kvmlab.websecurity;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Serves the static error pages ({@code /WEB-INF/errors/…}) to the container's error dispatch, whatever the
 * failed request's method was. The default servlet would answer a PUT or DELETE with its own 403 and an empty
 * body, hiding both the page and the real status; here the status the container set stays.
 */
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern PAGE = Pattern.compile("/[a-z0-9]+\\.html");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String page = request.getPathInfo();
        InputStream in = page != null && PAGE.matcher(page).matches()
                ? getServletContext().getResourceAsStream("/WEB-INF/errors" + page) : null;
        if (in == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (in) {
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            if (!"HEAD".equals(request.getMethod())) {
                in.transferTo(response.getOutputStream());
            }
        }
    }
}
