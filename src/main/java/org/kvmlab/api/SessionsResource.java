package org.kvmlab.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.session.ApplyResult;
import org.kvmlab.session.PowerAction;
import org.kvmlab.session.SessionService;
import org.kvmlab.session.SessionView;
import org.kvmlab.session.WorkspaceService;
import org.kvmlab.shell.ShellResult;
import org.kvmlab.shell.ShellService;
import org.kvmlab.xml.XmlException;

/** Lab sessions of the calling user: start, look, edit guest XML, power, grade, end. */
@Path("sessions")
@RequestScoped
@RolesAllowed({"student", "instructor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource extends CallerResource {

    /** Largest domain XML or JSON body accepted, in characters. */
    static final int MAX_BODY = 256 * 1024;

    @Inject
    SessionService sessions;

    @Inject
    ShellService shell;

    @Inject
    WorkspaceService workspace;

    @Context
    UriInfo uri;

    @GET
    public List<SessionView> list() {
        return sessions.live(caller());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(String body) {
        JsonObject request = JsonBodies.object(body);
        if (request == null) {
            return ApiError.of(Response.Status.BAD_REQUEST, "Send a JSON object like {\"lab\":\"virtio-devices\"}.");
        }
        String lab = JsonBodies.string(request, "lab");
        if (lab == null || lab.isBlank()) {
            return ApiError.of(Response.Status.BAD_REQUEST, "Say which lab to start: {\"lab\":\"virtio-devices\"}.");
        }
        SessionView view = sessions.start(caller(), lab);
        return Response.created(uri.getAbsolutePathBuilder().path(view.id()).build()).entity(view).build();
    }

    @GET
    @Path("{id}")
    public SessionView get(@PathParam("id") String id) {
        return sessions.get(caller(), id);
    }

    @DELETE
    @Path("{id}")
    public Response end(@PathParam("id") String id) {
        sessions.end(caller(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/guests/{name}/xml")
    @Produces(MediaType.APPLICATION_XML)
    public String xml(@PathParam("id") String id, @PathParam("name") String name) {
        return workspace.xml(caller(), id, name);
    }

    @PUT
    @Path("{id}/guests/{name}/xml")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, MediaType.TEXT_PLAIN})
    public Response putXml(@PathParam("id") String id, @PathParam("name") String name, String xml) {
        return judged("A domain XML", xml, () -> {
            ApplyResult result = workspace.applyXml(caller(), id, name, xml);
            String message = !result.changed() ? "Nothing changed."
                    : result.restartNeeded() ? "Saved. The guest is running: power cycle it for the change to take"
                    + " effect." : "Saved. It takes effect when the guest starts.";
            return Response.ok(new ApiModels.Applied(result.changed(), result.restartNeeded(), message)).build();
        });
    }

    /** Learner XML the policy judges: too long, malformed or refused each get their own answer. */
    private interface JudgedCall {
        Response call() throws XmlException, PolicyRefusal;
    }

    private static Response judged(String what, String xml, JudgedCall call) {
        if (xml != null && xml.length() > MAX_BODY) {
            return ApiError.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, what + " may be at most " + MAX_BODY / 1024
                    + " KiB.");
        }
        try {
            return call.call();
        } catch (XmlException e) {
            return malformed(e);
        } catch (PolicyRefusal e) {
            return refused(e);
        }
    }

    /** The XML of the session's own network ({@code lab}), as defined for its next start. */
    @GET
    @Path("{id}/networks/{network}/xml")
    @Produces(MediaType.APPLICATION_XML)
    public String networkXml(@PathParam("id") String id, @PathParam("network") String network) {
        return workspace.networkXml(caller(), id, network);
    }

    /** Changes the session's own network; its guests must be shut off, as the network restarts. */
    @PUT
    @Path("{id}/networks/{network}/xml")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, MediaType.TEXT_PLAIN})
    public Response putNetworkXml(@PathParam("id") String id, @PathParam("network") String network, String xml) {
        return judged("A network XML", xml, () -> {
            ApplyResult result = workspace.applyNetworkXml(caller(), id, network, xml);
            return Response.ok(new ApiModels.Applied(result.changed(), false, result.changed()
                    ? "Saved; the network restarted with it." : "Nothing changed.")).build();
        });
    }

    /** Makes a volume in the session's pool from volume XML (name, capacity, format). */
    @POST
    @Path("{id}/volumes")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, MediaType.TEXT_PLAIN})
    public Response createVolume(@PathParam("id") String id, String xml) {
        return judged("A volume XML", xml, () -> created(workspace.createVolume(caller(), id, xml == null ? "" : xml)));
    }

    private static Response created(String name) {
        return Response.status(Response.Status.CREATED).entity(Json.createObjectBuilder().add("name", name).build()
                .toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The volumes the learner made in the session: {@code [{"name","capacity"}]}, capacity in bytes. */
    @GET
    @Path("{id}/volumes")
    public Response volumes(@PathParam("id") String id) {
        jakarta.json.JsonArrayBuilder list = Json.createArrayBuilder();
        workspace.volumes(caller(), id).forEach((name, bytes) -> list.add(Json.createObjectBuilder()
                .add("name", name).add("capacity", bytes)));
        return Response.ok(list.build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("{id}/guests/{name}/snapshots")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, MediaType.TEXT_PLAIN})
    public Response snapshot(@PathParam("id") String id, @PathParam("name") String name, String xml) {
        return judged("A snapshot XML", xml, () -> created(workspace.createSnapshot(caller(), id, name,
                xml == null ? "" : xml)));
    }

    @GET
    @Path("{id}/guests/{name}/snapshots")
    public Response snapshots(@PathParam("id") String id, @PathParam("name") String name) {
        jakarta.json.JsonArrayBuilder list = jakarta.json.Json.createArrayBuilder();
        workspace.snapshots(caller(), id, name).forEach(s -> list.add(jakarta.json.Json.createObjectBuilder()
                .add("name", s.name()).add("current", s.current())));
        return Response.ok(list.build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response malformed(XmlException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError.ElementError(null, "The XML is malformed: " + e.getMessage(),
                        e.position() == null ? null : e.position().line(),
                        e.position() == null ? null : e.position().column())).build();
    }

    private static Response refused(PolicyRefusal e) {
        return ApiError.refused(e.violations().stream().map(v -> new ApiError.ElementError(v.element(),
                v.message(), v.line(), v.column())).toList());
    }

    @POST
    @Path("{id}/guests/{name}/actions/{action}")
    public Response action(@PathParam("id") String id, @PathParam("name") String name,
                           @PathParam("action") String action) {
        PowerAction power = PowerAction.parse(action).orElse(null);
        if (power == null) {
            return ApiError.of(Response.Status.NOT_FOUND, "Unknown action '" + action
                    + "': use start, shutdown, destroy, reboot or restart.");
        }
        sessions.power(caller(), id, name, power);
        return Response.ok(sessions.get(caller(), id)).build();
    }

    @POST
    @Path("{id}/grade")
    public Response grade(@PathParam("id") String id, String body) {
        String step = null;
        if (body != null && !body.isBlank()) {
            JsonObject request = JsonBodies.object(body);
            if (request == null) {
                return ApiError.of(Response.Status.BAD_REQUEST, "Send no body, or a JSON object like"
                        + " {\"step\":\"disk\"}.");
            }
            step = JsonBodies.string(request, "step");
        }
        return Response.ok(ApiModels.Grade.of(sessions.grade(caller(), id, step))).build();
    }

    /** Reveals the step's next hint: {@code {"hints":[…every hint revealed so far…]}}. */
    @POST
    @Path("{id}/steps/{step}/hint")
    public Response hint(@PathParam("id") String id, @PathParam("step") String step) {
        return Response.ok(Json.createObjectBuilder().add("hints", Json.createArrayBuilder(
                sessions.revealHint(caller(), id, step))).build().toString()).build();
    }

    /** Shows the step's reference solution; recorded, and it costs the lab's reveal cost from the step. */
    @POST
    @Path("{id}/steps/{step}/solution")
    public Response solution(@PathParam("id") String id, @PathParam("step") String step) {
        String text = sessions.revealSolution(caller(), id, step);
        return Response.ok(Json.createObjectBuilder().add("solution", text)
                .add("cost", sessions.labOf(caller(), id).revealCost()).build().toString()).build();
    }

    /** More time for the session, up to the longest a session may last. */
    @POST
    @Path("{id}/extend")
    public SessionView extend(@PathParam("id") String id) {
        return sessions.extend(caller(), id);
    }

    /**
     * A fresh guest: as the lab starts, or with {@code {"step":"nic"}} with the reference solutions of every
     * step before that one applied.
     */
    @POST
    @Path("{id}/reset")
    public Response reset(@PathParam("id") String id, String body) {
        String step = null;
        if (body != null && !body.isBlank()) {
            JsonObject request = JsonBodies.object(body);
            if (request == null) {
                return ApiError.of(Response.Status.BAD_REQUEST, "Send no body, or a JSON object like"
                        + " {\"step\":\"nic\"}.");
            }
            step = JsonBodies.string(request, "step");
        }
        return Response.ok(sessions.reset(caller(), id, step)).build();
    }

    /**
     * Runs a virsh command line in the session, exactly as the lab page's shell does:
     * {@code {"command":"domstate web01"}} gives {@code {"output":"running","exitCode":0}}.
     */
    @POST
    @Path("{id}/shell")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response shell(@PathParam("id") String id, String body) {
        JsonObject request = JsonBodies.object(body);
        String command = request == null ? null : JsonBodies.string(request, "command");
        if (command == null) {
            return ApiError.of(Response.Status.BAD_REQUEST, "Send a JSON object like {\"command\":\"list --all\"}.");
        }
        if (command.length() > 4096) {
            return ApiError.of(Response.Status.BAD_REQUEST, "The command is longer than 4096 characters.");
        }
        ShellResult result = shell.run(caller(), id, command);
        return Response.ok(new ApiModels.ShellReply(result.output(), result.exitCode(),
                result.edit().orElse(null))).build();
    }

    @GET
    @Path("{id}/attempts")
    public List<ApiModels.Attempt> attempts(@PathParam("id") String id) {
        return sessions.attempts(caller(), id).stream().map(ApiModels.Attempt::of).toList();
    }

}
