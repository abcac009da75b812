package org.kvmlab.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.kvmlab.authoring.LabLibrary;

/** The lab catalog. */
@Path("labs")
@RequestScoped
@RolesAllowed({"student", "instructor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class LabsResource {

    @Inject
    LabLibrary library;

    /** The catalog: the newest published version of each lab. */
    @GET
    public List<ApiModels.LabSummary> list() {
        return library.published().stream().map(ApiModels.LabSummary::of).toList();
    }
}
