package org.kvmlab.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
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
import java.util.List;
import org.kvmlab.classroom.ClassDetail;
import org.kvmlab.classroom.ClassSummary;
import org.kvmlab.classroom.ClassroomException;
import org.kvmlab.classroom.ClassroomService;
import org.kvmlab.classroom.SessionWork;
import org.kvmlab.classroom.StudentSession;
import org.kvmlab.classroom.StudentWork;
import org.kvmlab.classroom.StudentWorkService;

/**
 * Classes: instructors make them and read their students' work (read-only), students join with a code and
 * leave. Anything outside the caller's classes answers 404, exactly like something that does not exist.
 */
@Path("classes")
@RequestScoped
@RolesAllowed({"student", "instructor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class ClassesResource extends CallerResource {

    @Inject
    ClassroomService classes;

    @Inject
    StudentWorkService work;

    @Context
    UriInfo uri;

    @Context
    HttpServletRequest request;

    /** Instructor: their classes; admin: every class; student: the classes they joined. */
    @GET
    public List<ClassSummary> list() {
        return classes.classesOf(caller());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"instructor", "admin"})
    public Response create(String body) {
        JsonObject request = JsonBodies.object(body);
        String name = JsonBodies.string(request, "name");
        if (name == null) {
            return ApiError.of(Response.Status.BAD_REQUEST, "Send a JSON object like {\"name\":\"KVM autumn\"}.");
        }
        ClassSummary created = classes.create(caller(), name);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    /** A student joins the class whose code they send. */
    @POST
    @Path("join")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClassroomService.Joined join(String body) {
        String code = JsonBodies.string(JsonBodies.object(body), "code");
        if (code == null) {
            throw new ClassroomException(ClassroomException.Kind.INVALID, "Send a JSON object like"
                    + " {\"code\":\"7K3QM-9XPDA\"} with the code your instructor gave you.");
        }
        return classes.join(caller(), code, request.getRemoteAddr());
    }

    /** The class with its students (its instructor, an admin), or with only yourself (a student in it). */
    @GET
    @Path("{id}")
    public ClassDetail get(@PathParam("id") String id) {
        return classes.get(caller(), classId(id));
    }

    /** A new join code; the old one stops working. */
    @POST
    @Path("{id}/code")
    @RolesAllowed({"instructor", "admin"})
    public ClassSummary renewCode(@PathParam("id") String id) {
        return classes.renewCode(caller(), classId(id));
    }

    /** The instructor takes a student out; a student may take only themself out (leave). */
    /** Deletes the class (its instructor or an admin); its students' work stays theirs. */
    @DELETE
    @Path("{id}")
    @RolesAllowed({"instructor", "admin"})
    public Response delete(@PathParam("id") String id) {
        classes.delete(caller(), classId(id));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/members/{username}")
    public Response removeMember(@PathParam("id") String id, @PathParam("username") String username) {
        classes.removeMember(caller(), classId(id), username);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/students/{username}")
    @RolesAllowed({"instructor", "admin"})
    public StudentWork student(@PathParam("id") String id, @PathParam("username") String username) {
        return work.student(caller(), classId(id), username);
    }

    @GET
    @Path("{id}/students/{username}/sessions")
    @RolesAllowed({"instructor", "admin"})
    public List<StudentSession> sessions(@PathParam("id") String id, @PathParam("username") String username) {
        return work.student(caller(), classId(id), username).sessions();
    }

    @GET
    @Path("{id}/students/{username}/sessions/{session}")
    @RolesAllowed({"instructor", "admin"})
    public SessionWork session(@PathParam("id") String id, @PathParam("username") String username,
                               @PathParam("session") String session) {
        return work.session(caller(), classId(id), username, session);
    }

    /** Every Check of the session, newest first, with each check's result. */
    @GET
    @Path("{id}/students/{username}/sessions/{session}/attempts")
    @RolesAllowed({"instructor", "admin"})
    public List<SessionWork.Attempt> attempts(@PathParam("id") String id, @PathParam("username") String username,
                                              @PathParam("session") String session) {
        return work.session(caller(), classId(id), username, session).attempts();
    }

    /** The virsh commands the student ran in the session, oldest first. */
    @GET
    @Path("{id}/students/{username}/sessions/{session}/shell")
    @RolesAllowed({"instructor", "admin"})
    public List<SessionWork.ShellLine> shell(@PathParam("id") String id, @PathParam("username") String username,
                                             @PathParam("session") String session) {
        return work.session(caller(), classId(id), username, session).shell();
    }

    /** The hints and solutions the student revealed in the session, oldest first. */
    @GET
    @Path("{id}/students/{username}/sessions/{session}/reveals")
    @RolesAllowed({"instructor", "admin"})
    public List<SessionWork.Revealed> reveals(@PathParam("id") String id, @PathParam("username") String username,
                                              @PathParam("session") String session) {
        return work.session(caller(), classId(id), username, session).reveals();
    }

    private static long classId(String id) {
        return ClassroomService.classId(id);
    }
}
