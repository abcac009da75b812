package org.kvmlab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.session.LabRuntime;

/**
 * A lab runtime on a private copy of libvirt's test driver (a node file in the test's folder), with its pool
 * and lab network made: what demo mode runs on, for fast tests without a real guest.
 */
public record TestDriverRuntime(Hypervisor hypervisor, LabRuntime runtime) implements AutoCloseable {

    public static TestDriverRuntime open(Path work, String instance) throws IOException {
        Hypervisor hypervisor = LibvirtHypervisor.connect("test://"
                + Files.writeString(work.resolve("node.xml"), "<node/>"));
        Path image = Files.createDirectories(work.resolve("image"));
        LabRuntime runtime = new LabRuntime(hypervisor, () -> new GuestImage(image), () -> Acceleration.TCG,
                LearnerPolicy.standard(), Files.createDirectories(work.resolve("sessions")), instance);
        runtime.prepareHost();
        return new TestDriverRuntime(hypervisor, runtime);
    }

    @Override
    public void close() {
        hypervisor.close();
    }
}
