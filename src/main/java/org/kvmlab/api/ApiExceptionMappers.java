package org.kvmlab.api;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kvmlab.session.SessionException;

/** Turns every failure into a JSON answer with a message a person can act on; never a stack trace. */
final class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class.getName());

    private ApiExceptionMappers() {
    }

    /** Session failures by kind. */
    @Provider
    public static class Sessions implements ExceptionMapper<SessionException> {
        @Override
        public Response toResponse(SessionException e) {
            Response response = ApiError.of(switch (e.kind()) {
                case NOT_FOUND, UNKNOWN -> Response.Status.NOT_FOUND;
                case CONFLICT -> Response.Status.CONFLICT;
                case HYPERVISOR, BUSY -> Response.Status.SERVICE_UNAVAILABLE;
            }, e.getMessage());
            if (e.retryAfter() == null) {
                return response;
            }
            return Response.fromResponse(response).header("Retry-After", e.retryAfter().toSeconds()).build();
        }
    }

    /** JAX-RS's own errors (unknown path, wrong method, wrong media type), as JSON. */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String message = switch (status) {
                case 404 -> "There is nothing at this address.";
                case 405 -> "This address does not take that HTTP method.";
                case 406 -> "This address answers in JSON (or XML for domain XML).";
                case 415 -> "Send the body as application/json (or application/xml for domain XML).";
                default -> status < 500 ? "The request is not valid." : "Something went wrong on our side.";
            };
            return ApiError.of(status, message);
        }
    }

    /** Malformed JSON in a request body. */
    @Provider
    public static class BadJson implements ExceptionMapper<JsonParsingException> {
        @Override
        public Response toResponse(JsonParsingException e) {
            return ApiError.of(Response.Status.BAD_REQUEST, "The request body is not valid JSON.");
        }
    }

    /** JSON that does not fit the expected shape. */
    @Provider
    public static class BadJsonb implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return ApiError.of(Response.Status.BAD_REQUEST, "The request body does not have the expected fields.");
        }
    }

    /** Anything else: logged for us, a plain message for the caller. */
    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException web) {
                return new Web().toResponse(web);
            }
            LOG.log(Level.SEVERE, "unexpected failure in the API", e);
            return ApiError.of(Response.Status.INTERNAL_SERVER_ERROR, "Something went wrong on our side. Please try"
                    + " again; if it keeps happening, tell your instructor.");
        }
    }
}
