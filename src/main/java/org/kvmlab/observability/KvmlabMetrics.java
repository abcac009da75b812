package org.kvmlab.observability;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Placeholder until the observability branch lands: the calls the platform makes, recorded nowhere yet. */
@ApplicationScoped
public class KvmlabMetrics {

    public void bootFinished(String host, String lab, Duration took, boolean ok, boolean fromPool) {
    }

    public void gradingFinished(Duration took, boolean agentChecks) {
    }

    public void gauge(String name, String description, Map<String, String> tags, Supplier<Number> value) {
    }
}
