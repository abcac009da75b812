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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Supplier;
import org.kvmlab.admin.AdminException;
import org.kvmlab.admin.CapacityAdmin;

/**
 * Admins only: the hypervisor hosts lab guests are placed on. A host that does not answer is still registered (and
 * retried); its {@code problem} is libvirt's message, the only libvirt text these answers carry.
 */
@Path("admin/hosts")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class HostsResource extends CallerResource {

    private static final String SHAPE = "Send a JSON object like {\"id\":\"rack2-node1\",\"uri\":"
            + "\"qemu+ssh://kvmlab@rack2-node1/system\",\"maxMemoryMiB\":0,\"cpuOvercommit\":0,\"maxGuests\":0,"
            + "\"maxBoots\":0} (caps of 0 take the defaults).";

    @Inject
    CapacityAdmin capacity;

    @Context
    UriInfo uri;

    @GET
    public List<CapacityModels.Host> list() {
        return capacity.hosts(caller()).stream().map(CapacityModels.Host::of).toList();
    }

    /** Registers a host: {@code 201} with the host as it is now (up, or down with the problem). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(String body) {
        JsonObject request = JsonBodies.object(body);
        String id = JsonBodies.string(request, "id");
        String libvirtUri = JsonBodies.string(request, "uri");
        if (id == null || libvirtUri == null) {
            throw new AdminException(AdminException.Kind.INVALID, SHAPE);
        }
        CapacityAdmin.HostChange caps = caps(request);
        CapacityModels.Host added = CapacityModels.Host.of(capacity.addHost(caller(), id, libvirtUri,
                orZero(caps.maxMemoryMiB()), caps.cpuOvercommit() == null ? 0 : caps.cpuOvercommit(),
                caps.maxGuests() == null ? 0 : caps.maxGuests(), caps.maxBoots() == null ? 0 : caps.maxBoots()));
        return Response.created(uri.getAbsolutePathBuilder().path(added.id()).build()).entity(added).build();
    }

    /**
     * Changes a host's caps or takes it out of (or back into) service: {@code {"maxGuests":20,"drained":true}}.
     * Fields left out keep their values; the URI never changes.
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CapacityModels.Host update(@PathParam("id") String id, String body) {
        JsonObject request = JsonBodies.object(body);
        if (request == null) {
            throw new AdminException(AdminException.Kind.INVALID, "Send a JSON object like {\"maxGuests\":20,"
                    + "\"drained\":true}; fields left out keep their values.");
        }
        return CapacityModels.Host.of(capacity.updateHost(caller(), id, caps(request)));
    }

    /** Removes a host that holds no lab guest; {@code 400} says to drain it first when it still does. */
    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id) {
        capacity.removeHost(caller(), id);
        return Response.noContent().build();
    }

    private static CapacityAdmin.HostChange caps(JsonObject request) {
        // the bounds only keep the numbers sane; the caps' own rules are HostSettings', with its messages
        return invalidAsAdmin(() -> new CapacityAdmin.HostChange(JsonBodies.whole(request, "maxMemoryMiB", 0,
                1L << 30), JsonBodies.number(request, "cpuOvercommit"),
                toInt(JsonBodies.whole(request, "maxGuests", 0, 1_000_000)),
                toInt(JsonBodies.whole(request, "maxBoots", 0, 1_000_000)),
                JsonBodies.bool(request, "drained")));
    }

    private static Integer toInt(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** A field of the wrong kind is the admin's to fix, like any refused value. */
    static <T> T invalidAsAdmin(Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminException.Kind.INVALID, e.getMessage());
        }
    }
}
