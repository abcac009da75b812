package org.kvmlab.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.platform.Platform;
import org.kvmlab.session.LabRuntime;

/**
 * After the bench's platform has stopped: finds and removes whatever its sessions left on the hypervisor (guests,
 * session networks, disks in its pool), then its storage pool. Ending a session through the API should have
 * removed everything, so anything found here is reported.
 */
final class PlatformLeftovers {

    private PlatformLeftovers() {
    }

    /** @return the names of what was left behind (and is now removed) */
    static List<String> remove(Hypervisor hypervisor, Path platformData, List<String> sessionIds) {
        String instance = Platform.instanceId(platformData);
        String pool = LabRuntime.poolName(instance);
        List<String> left = new ArrayList<>();
        // the sessions it started, and anything else of its instance: warm-pool guests still there when it stopped
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(sessionIds);
        ids.addAll(sessionsWithGuests(hypervisor, instance));
        for (String id : ids) {
            String prefix = LabRuntime.PREFIX + id + "-";
            for (String guest : hypervisor.listGuests(prefix)) {
                left.add(guest);
                hypervisor.destroy(guest);
                hypervisor.undefine(guest);
            }
            for (String network : hypervisor.listNetworks(prefix)) {
                left.add(network);
                hypervisor.removeNetwork(network);
            }
            for (String volume : volumes(hypervisor, pool, prefix)) {
                left.add(volume);
                hypervisor.deleteVolume(pool, volume);
            }
        }
        // its storage pool holds only its own disks: any still there (a warm-pool guest's, whose id the bench never
        // saw) was left behind too
        for (String volume : volumes(hypervisor, pool, "")) {
            left.add(volume);
            hypervisor.deleteVolume(pool, volume);
        }
        if (volumes(hypervisor, pool, "").isEmpty()) {
            hypervisor.removePool(pool);
        }
        return left;
    }

    /** The session ids that guests of a platform instance carry in their metadata, as the hypervisor has them now. */
    static java.util.Set<String> sessionsWithGuests(Hypervisor hypervisor, String instance) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String guest : hypervisor.listGuests(LabRuntime.PREFIX)) {
            try {
                org.kvmlab.guest.GuestMetadata.from(hypervisor.xml(guest, org.kvmlab.guest.XmlView.INACTIVE))
                        .filter(m -> m.instance().equals(instance)).ifPresent(m -> ids.add(m.sessionId()));
            } catch (HypervisorException e) {
                // gone meanwhile, or not readable: not ours to judge
            }
        }
        return ids;
    }

    /** The pool's disks that start with the prefix; none when there is no such pool. */
    static List<String> volumes(Hypervisor hypervisor, String pool, String prefix) {
        try {
            return hypervisor.listVolumes(pool, prefix);
        } catch (HypervisorException e) {
            return List.of(); // no such pool: nothing in it
        }
    }
}
