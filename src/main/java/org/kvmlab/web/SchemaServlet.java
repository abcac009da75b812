package org.kvmlab.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/** Publishes the JSON Schema of lab.yaml (format 1) for editors: {@code /schema/lab-v1.json}. */
@WebServlet("/schema/lab-v1.json")
public class SchemaServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream in = SchemaServlet.class.getResourceAsStream("/schema/lab.schema.json")) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType("application/schema+json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "public, max-age=3600");
            in.transferTo(response.getOutputStream());
        }
    }
}
