package org.kvmlab.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: UP when the database answers and at least one hypervisor host does (one host down
 * is the admin's concern, shown per host; the platform still serves its other hosts). Its output is public, so it
 * names each component and says UP or DOWN, nothing more: URIs, versions and error text stay on the admin page.
 */
@Readiness
@ApplicationScoped
public class PlatformReadiness implements HealthCheck {

    @Inject
    org.kvmlab.observability.Readiness readiness;

    @Override
    public HealthCheckResponse call() {
        List<ReadinessSource.Component> components = readiness.components();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kvmlab")
                .status(org.kvmlab.observability.Readiness.ready(components));
        components.forEach(c -> response.withData(c.name(), c.up() ? "UP" : "DOWN"));
        return response.build();
    }
}
