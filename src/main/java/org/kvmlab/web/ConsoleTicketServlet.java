package org.kvmlab.web;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kvmlab.console.ConsoleService;
import org.kvmlab.session.SessionException;

/**
 * {@code POST /console-ticket?s=<session>&g=<guest>}: a one-minute, single-use ticket for the serial console
 * of a guest of the signed-in learner's own live session (the page connects its socket with it).
 */
@WebServlet("/console-ticket")
public class ConsoleTicketServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient ConsoleService consoles;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (request.getUserPrincipal() == null) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Sign in first.");
            return;
        }
        try {
            String ticket = consoles.ticket(request.getUserPrincipal().getName(), request.getParameter("s"),
                    request.getParameter("g"));
            response.getWriter().write(ticket);
        } catch (SessionException e) {
            response.setStatus(e.kind() == SessionException.Kind.CONFLICT ? HttpServletResponse.SC_CONFLICT
                    : HttpServletResponse.SC_NOT_FOUND);
            response.getWriter().write(e.getMessage());
        }
    }
}
