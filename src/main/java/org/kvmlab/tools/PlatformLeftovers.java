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
        String pool = LabRuntime.PREFIX + "disks-" + Platform.instanceId(platformData);
        List<String> left = new ArrayList<>();
        for (String id : sessionIds) {
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
        if (volumes(hypervisor, pool, "").isEmpty()) {
            hypervisor.removePool(pool);
        }
        return left;
    }

    private static List<String> volumes(Hypervisor hypervisor, String pool, String prefix) {
        try {
            return hypervisor.listVolumes(pool, prefix);
        } catch (HypervisorException e) {
            return List.of(); // no such pool: nothing in it
        }
    }
}
