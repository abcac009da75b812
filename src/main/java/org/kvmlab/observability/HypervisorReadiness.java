package org.kvmlab.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.platform.Platform;

/**
 * Today's single hypervisor host answers libvirt. THE HOST REGISTRY REPLACES THIS CLASS: it will be a
 * {@link ReadinessSource} with one component per host (remove this one then, or both will report).
 * The probe lists guests by a prefix no guest has: a real round trip to libvirtd that reads nothing.
 */
@ApplicationScoped
public class HypervisorReadiness implements ReadinessSource {

    /** The component's public name; the host's name, URI and version stay in the detail. */
    static final String NAME = "hypervisor";

    @Inject
    Platform platform;

    @Override
    public List<Component> components() {
        try {
            HypervisorInfo info = platform.hypervisorInfo();
            platform.runtime().hypervisor().listGuests("kvmlab-readiness-probe-");
            return List.of(new Component(NAME, true, info.hostname() + ": libvirt " + info.libvirtVersion() + " at "
                    + info.uri() + ", " + info.hostCpus() + " CPUs" + (info.simulated() ? " (demo mode)" : "")));
        } catch (RuntimeException e) {
            return List.of(new Component(NAME, false, "libvirt does not answer: " + e.getMessage()));
        }
    }
}
