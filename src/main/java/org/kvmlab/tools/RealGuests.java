package org.kvmlab.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmlab.config.KvmlabConfig;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.AccelerationProbe;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.platform.Platform;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.session.LabRuntime;

/**
 * The lab runtime a command-line tool boots real guests with: libvirtd + QEMU (never the test driver), the
 * current guest image, the acceleration the platform would choose, and an instance id, storage pool and disk
 * folder of the tool's own under the data folder, so the tool's guests never mix with the platform's.
 * Closing it removes the pool when no disk is left in it.
 */
final class RealGuests implements AutoCloseable {

    private final Hypervisor hypervisor;
    private final LabRuntime runtime;
    private final Acceleration acceleration;
    private final GuestImage image;

    private RealGuests(Hypervisor hypervisor, LabRuntime runtime, Acceleration acceleration, GuestImage image) {
        this.hypervisor = hypervisor;
        this.runtime = runtime;
        this.acceleration = acceleration;
        this.image = image;
    }

    /**
     * @param tool names the tool in messages, and its folder under the data folder
     * @throws IllegalStateException when the configured libvirt is the test driver, where guests do not run
     */
    static RealGuests open(KvmlabConfig config, String tool) throws IOException {
        String uri = "auto".equals(config.libvirtUri()) ? "qemu:///system" : config.libvirtUri();
        Hypervisor hypervisor = LibvirtHypervisor.connect(uri);
        try {
            if (hypervisor.info().simulated()) {
                throw new IllegalStateException(uri + " is libvirt's test driver; " + tool + " needs real guests.");
            }
            Path data = config.dataDir().resolve(tool);
            Path disks = Files.createDirectories(data.resolve("disks"));
            String instance = Platform.instanceId(data);
            GuestImage image = GuestImage.current(config.imagesDir());
            Acceleration acceleration = AccelerationProbe.decide(config.acceleration(), hypervisor, image, instance);
            LabRuntime runtime = new LabRuntime(hypervisor, () -> image, () -> acceleration,
                    LearnerPolicy.standard(), disks, instance);
            runtime.prepareHost();
            return new RealGuests(hypervisor, runtime, acceleration, image);
        } catch (IOException | RuntimeException e) {
            hypervisor.close();
            throw e;
        }
    }

    LabRuntime runtime() {
        return runtime;
    }

    Acceleration acceleration() {
        return acceleration;
    }

    /** The guest image the runtime boots. */
    GuestImage image() {
        return image;
    }

    Hypervisor hypervisor() {
        return hypervisor;
    }

    HypervisorInfo info() {
        return hypervisor.info();
    }

    @Override
    public void close() {
        try {
            if (hypervisor.listVolumes(runtime.pool(), "").isEmpty()) {
                hypervisor.removePool(runtime.pool());
            }
        } finally {
            hypervisor.close();
        }
    }
}
