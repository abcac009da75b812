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
 * {@code POST /console-ticket?s=<session>&g=<guest>[&kind=vnc]}: a one-minute, single-use ticket for the
 * serial (or VNC) console of a guest of the signed-in learner's own live session; the page opens its socket
 * with it.
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
            ConsoleService.Kind kind = "vnc".equals(request.getParameter("kind")) ? ConsoleService.Kind.VNC
                    : ConsoleService.Kind.SERIAL;
            String ticket = consoles.ticket(request.getUserPrincipal().getName(), request.getParameter("s"),
                    request.getParameter("g"), kind);
            response.getWriter().write(ticket);
        } catch (SessionException e) {
            response.setStatus(e.kind() == SessionException.Kind.CONFLICT ? HttpServletResponse.SC_CONFLICT
                    : HttpServletResponse.SC_NOT_FOUND);
            response.getWriter().write(e.getMessage());
        }
    }
}
