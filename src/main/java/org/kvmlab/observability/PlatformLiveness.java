package org.kvmlab.observability;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /health/live}: UP while the application is deployed and answers. It deliberately checks nothing
 * outside the process: a database or libvirtd outage is a readiness matter, and restarting kvmlab for one
 * would only end every learner's session without fixing it.
 */
@Liveness
@ApplicationScoped
public class PlatformLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("kvmlab");
    }
}
