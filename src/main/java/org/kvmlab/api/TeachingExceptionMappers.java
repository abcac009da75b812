package org.kvmlab.api;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.kvmlab.admin.AdminException;
import org.kvmlab.classroom.ClassroomException;

/** JSON answers for the classes and admin features' refusals, in the style of {@link ApiExceptionMappers}. */
final class TeachingExceptionMappers {

    private TeachingExceptionMappers() {
    }

    /** Class refusals by kind; too many wrong codes say when to try again. */
    @Provider
    public static class Classes implements ExceptionMapper<ClassroomException> {
        @Override
        public Response toResponse(ClassroomException e) {
            return switch (e.kind()) {
                case NOT_FOUND -> ApiError.of(Response.Status.NOT_FOUND, e.getMessage());
                case INVALID -> ApiError.of(Response.Status.BAD_REQUEST, e.getMessage());
                case CONFLICT -> ApiError.of(Response.Status.CONFLICT, e.getMessage());
                case FORBIDDEN -> ApiError.of(Response.Status.FORBIDDEN, e.getMessage());
                case THROTTLED -> Response.fromResponse(ApiError.of(Response.Status.TOO_MANY_REQUESTS,
                        e.getMessage())).header("Retry-After", Math.max(1, e.retryAfter().toSeconds())).build();
            };
        }
    }

    /** Admin refusals by kind. */
    @Provider
    public static class Admin implements ExceptionMapper<AdminException> {
        @Override
        public Response toResponse(AdminException e) {
            return ApiError.of(switch (e.kind()) {
                case NOT_FOUND -> Response.Status.NOT_FOUND;
                case INVALID -> Response.Status.BAD_REQUEST;
                case CONFLICT -> Response.Status.CONFLICT;
                case FORBIDDEN -> Response.Status.FORBIDDEN;
            }, e.getMessage());
        }
    }

    /** A role that may not call an address (@RolesAllowed): say so, rather than "not valid". */
    @Provider
    public static class Forbidden implements ExceptionMapper<ForbiddenException> {
        @Override
        public Response toResponse(ForbiddenException e) {
            return ApiError.of(Response.Status.FORBIDDEN, "Your account's role may not do this (it is for"
                    + " instructors or admins, or admins only). Ask an admin if you need it.");
        }
    }
}
