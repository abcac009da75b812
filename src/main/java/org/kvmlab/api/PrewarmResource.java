package org.kvmlab.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.kvmlab.classroom.ClassPrewarming;
import org.kvmlab.classroom.ClassroomException;
import org.kvmlab.classroom.ClassroomService;

/**
 * A class's pre-warming: its instructor (or an admin) has guests of a lab booted ahead of the class's time. Another
 * instructor's class answers 404, like one that does not exist; students may not ask (403).
 */
@Path("classes/{id}/prewarm")
@RequestScoped
@RolesAllowed({"instructor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class PrewarmResource extends CallerResource {

    private static final String SHAPE = "Send a JSON object like {\"lab\":\"virtio-devices\",\"size\":20,"
            + "\"readyAt\":\"2026-05-04T08:30:00Z\",\"until\":\"2026-05-04T10:30:00Z\"} (times in UTC; until is"
            + " optional, 2 hours after readyAt by default).";

    @Inject
    ClassPrewarming prewarming;

    @Context
    UriInfo uri;

    /** The class's pre-warmings not over yet, soonest first, each with its lab's pool now. */
    @GET
    public List<CapacityModels.Prewarm> list(@PathParam("id") String id) {
        return prewarming.of(caller(), ClassroomService.classId(id)).stream().map(CapacityModels.Prewarm::of)
                .toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reserve(@PathParam("id") String id, String body) {
        long classId = ClassroomService.classId(id);
        prewarming.requireTaught(caller(), classId);
        JsonObject request = JsonBodies.object(body);
        String lab = JsonBodies.string(request, "lab");
        Long size = invalidAsClass(() -> JsonBodies.whole(request, "size", 1, 1_000_000));
        Instant readyAt = instant(request, "readyAt");
        if (lab == null || size == null || readyAt == null) {
            throw new ClassroomException(ClassroomException.Kind.INVALID, SHAPE);
        }
        CapacityModels.Prewarm made = CapacityModels.Prewarm.of(prewarming.reserve(caller(), classId, lab,
                Math.toIntExact(size), readyAt, instant(request, "until")));
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(made.id())).build()).entity(made)
                .build();
    }

    /** Cancels one of the class's pre-warmings. */
    @DELETE
    @Path("{reservation}")
    public Response cancel(@PathParam("id") String id, @PathParam("reservation") String reservation) {
        prewarming.cancel(caller(), ClassroomService.classId(id), ClassPrewarming.reservationId(reservation));
        return Response.noContent().build();
    }

    private static Instant instant(JsonObject request, String key) {
        String text = JsonBodies.string(request, key);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ClassroomException(ClassroomException.Kind.INVALID, "'" + key + "' must be a moment in UTC"
                    + " like 2026-05-04T08:30:00Z.");
        }
    }

    private static <T> T invalidAsClass(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ClassroomException.Kind.INVALID, e.getMessage());
        }
    }
}
