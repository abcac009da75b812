package org.kvmlab.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.kvmlab.admin.AccountAdmin;
import org.kvmlab.admin.AdminException;
import org.kvmlab.admin.AdminSessions;
import org.kvmlab.admin.AuditQuery;
import org.kvmlab.admin.AuditTrail;
import org.kvmlab.identity.Role;

/** Admins only: accounts and roles, the audit trail, and ending a learner's live session. */
@Path("admin")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource extends CallerResource {

    @Inject
    AccountAdmin accounts;

    @Inject
    AuditTrail audit;

    @Inject
    AdminSessions sessions;

    @Context
    UriInfo uri;

    @GET
    @Path("users")
    public List<AdminModels.Account> users() {
        java.util.Map<String, java.time.Instant> locked = accounts.lockedUntil(caller());
        return accounts.accounts(caller()).stream().map(a -> AdminModels.Account.of(a, locked.get(a.username())))
                .toList();
    }

    /** Lifts an account's sign-in lockout: {@code {"unlocked": true}} when it was locked. */
    @POST
    @Path("users/{username}/unlock")
    public Response unlock(@PathParam("username") String username) {
        boolean was = accounts.unlock(caller(), username);
        return Response.ok(jakarta.json.Json.createObjectBuilder().add("unlocked", was).build().toString(),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Makes an account: {@code {"username","password","role"}}; the sign-up password rules apply. */
    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createUser(String body) {
        JsonObject request = JsonBodies.object(body);
        String username = JsonBodies.string(request, "username");
        String password = JsonBodies.string(request, "password");
        String role = JsonBodies.string(request, "role");
        if (username == null || password == null || role == null) {
            return ApiError.of(Response.Status.BAD_REQUEST, "Send a JSON object like {\"username\":\"ines\","
                    + "\"password\":\"…\",\"role\":\"instructor\"}.");
        }
        AdminModels.Account created = AdminModels.Account.of(accounts.create(caller(), username, password,
                role(role)));
        return Response.created(uri.getAbsolutePathBuilder().path(created.username()).build()).entity(created)
                .build();
    }

    /** Changes an account's role: {@code {"role":"instructor"}}; the last admin stays an admin. */
    @PUT
    @Path("users/{username}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    public AdminModels.Account changeRole(@PathParam("username") String username, String body) {
        String role = JsonBodies.string(JsonBodies.object(body), "role");
        if (role == null) {
            throw new AdminException(AdminException.Kind.INVALID, "Send a JSON object like {\"role\":\"instructor\"}.");
        }
        return AdminModels.Account.of(accounts.changeRole(caller(), username, role(role)));
    }

    /** The audit trail, newest first, filtered; dates in UTC ({@code 2025-05-01} or {@code 2025-05-01T14:30}). */
    @GET
    @Path("audit")
    public List<AdminModels.AuditEntry> audit(@QueryParam("actor") String actor, @QueryParam("action") String action,
                                              @QueryParam("subject") String subject, @QueryParam("from") String from,
                                              @QueryParam("until") String until, @QueryParam("offset") String offset,
                                              @QueryParam("limit") String limit) {
        AuditQuery query = AuditQuery.parse(actor, action, subject, from, until, offset, limit);
        return audit.find(caller(), query).stream().map(AdminModels.AuditEntry::of).toList();
    }

    /** Every live session on the platform. */
    @GET
    @Path("sessions")
    public List<AdminModels.LiveSession> liveSessions() {
        return sessions.live(caller()).stream().map(AdminModels.LiveSession::of).toList();
    }

    /** Ends a learner's live session: guests and disks removed, results kept. */
    @DELETE
    @Path("sessions/{id}")
    public Response endSession(@PathParam("id") String id) {
        sessions.end(caller(), id);
        return Response.noContent().build();
    }

    private static Role role(String name) {
        Role role = AccountAdmin.parseRole(name);
        if (role == null) {
            throw new AdminException(AdminException.Kind.INVALID, "There is no role '" + name + "'. Use one of: "
                    + AccountAdmin.roleNames() + ".");
        }
        return role;
    }
}
