package org.kvmlab.guest;

import java.nio.file.Path;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.testing.TestEnvironment;

/** The hypervisor contract on the real libvirtd (qemu:///system) with real QEMU guests. */
class LibvirtdHypervisorIT extends HypervisorContract {

    @Override
    Hypervisor open(Path work) {
        // QEMU runs as an unprivileged user: the temporary folder must be reachable for it
        TestEnvironment.makeTraversable(work);
        return LibvirtHypervisor.connect("qemu:///system");
    }

    @Override
    GuestImage image(Path work) {
        return TestEnvironment.guestImage();
    }

    @Override
    Acceleration acceleration() {
        return TestEnvironment.acceleration();
    }
}
