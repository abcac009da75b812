package org.kvmlab.hosts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.observability.ReadinessSource;
import org.kvmlab.platform.Platform;

/**
 * Readiness has a component per hypervisor host ({@code host-<id>}), up while the host answers its health checks.
 * It reads what the last check found instead of asking again, so a hung host never holds up the health endpoint.
 * The public name is the id an admin gave; the URI, the host's name and any error stay in the detail (admin page).
 */
@ApplicationScoped
public class HostsReadiness implements ReadinessSource {

    @Inject
    Platform platform;

    @Override
    public List<Component> components() {
        return platform.hosts().all().stream().map(HostsReadiness::component).toList();
    }

    static Component component(Host h) {
        HypervisorInfo info = h.info();
        if (!h.up() || info == null) {
            return new Component("host-" + h.id(), false, "does not answer since " + h.since() + ": "
                    + h.problem().lines().findFirst().orElse(""));
        }
        return new Component("host-" + h.id(), h.connected(), info.hostname() + ": libvirt " + info.libvirtVersion()
                + " at " + h.settings().uri() + ", " + info.hostCpus() + " CPUs" + (info.simulated() ? " (demo mode)"
                : "") + (h.settings().drained() ? ", drained" : ""));
    }
}
