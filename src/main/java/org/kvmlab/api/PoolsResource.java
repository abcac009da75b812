package org.kvmlab.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.kvmlab.admin.AdminException;
import org.kvmlab.admin.CapacityAdmin;

/** Admins only: each lab's warm pool of guests booted ahead of learners, and its standing size. */
@Path("admin/pools")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class PoolsResource extends CallerResource {

    @Inject
    CapacityAdmin capacity;

    /** Every published lab's pool (size 0 when none is kept), with what it holds now. */
    @GET
    public List<CapacityModels.Pool> list() {
        return capacity.pools(caller()).stream().map(CapacityModels.Pool::of).toList();
    }

    /** Sets a lab's standing pool size: {@code {"size": 4}}; 0 keeps none. */
    @PUT
    @Path("{lab}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CapacityModels.Pool setSize(@PathParam("lab") String lab, String body) {
        JsonObject request = JsonBodies.object(body);
        Long size = HostsResource.invalidAsAdmin(() -> JsonBodies.whole(request, "size", 0, 1_000_000));
        if (size == null) {
            throw new AdminException(AdminException.Kind.INVALID, "Send a JSON object like {\"size\":4}: how many"
                    + " ready guests of this lab to keep (0: none).");
        }
        return CapacityModels.Pool.of(capacity.setPoolSize(caller(), lab, Math.toIntExact(size)));
    }
}
