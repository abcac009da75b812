package org.kvmlab.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API under /api: JSON, HTTP Basic with kvmlab accounts, mirroring what the pages do. */
@ApplicationPath("/api")
@DeclareRoles({"student", "instructor", "admin"})
public class ApiApplication extends Application {
}
