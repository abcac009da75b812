package org.kvmlab.web;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.kvmlab.platform.Platform;

/** Serves guides at their stable addresses, {@code /guides/<name>}, which lab checks link to. */
@WebServlet("/guides/*")
public class GuideServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("/([a-z0-9][a-z0-9-]{0,63})(\\.md)?");

    @Inject
    transient Platform platform;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            request.getRequestDispatcher("/guides.xhtml").forward(request, response);
            return;
        }
        var m = NAME.matcher(path);
        if (!m.matches() || !platform.guides().exists(m.group(1))) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        request.getRequestDispatcher("/guide.xhtml?name=" + m.group(1)).forward(request, response);
    }
}
