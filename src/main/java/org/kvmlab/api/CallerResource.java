package org.kvmlab.api;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/** A resource that acts for the signed-in caller (every API call is authenticated with HTTP Basic). */
abstract class CallerResource {

    @Context
    SecurityContext security;

    /** The caller's user name. */
    String caller() {
        return security.getUserPrincipal().getName();
    }
}
