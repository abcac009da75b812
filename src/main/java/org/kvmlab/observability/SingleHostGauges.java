package org.kvmlab.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import org.kvmlab.platform.Platform;
import org.kvmlab.session.SessionStore;

/**
 * Sessions per host for today's single hypervisor host: every live session runs there. THE HOST REGISTRY
 * REPLACES THIS CLASS: it registers {@link KvmlabMetrics#SESSIONS} per host itself (remove this one then).
 */
@ApplicationScoped
public class SingleHostGauges {

    @Inject
    KvmlabMetrics metrics;

    @Inject
    Platform platform;

    @Inject
    SessionStore store;

    void register(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        metrics.gauge(KvmlabMetrics.SESSIONS, "Live lab sessions on a hypervisor host",
                Map.of("host", platform.hypervisorInfo().hostname()), () -> store.live().size());
    }
}
