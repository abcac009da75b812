package org.kvmlab.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** JSON error bodies: {@code {"error": "…"}} and the policy form {@code {"errors": [{"element","message"}]}}. */
final class ApiError {

    private ApiError() {
    }

    static Response of(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", message)).build();
    }

    static Response of(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", message)).build();
    }

    /** One refused element, as the API reports it. */
    public record ElementError(String element, String message, Integer line, Integer column) {
    }

    static Response refused(List<ElementError> errors) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("errors", errors)).build();
    }
}
