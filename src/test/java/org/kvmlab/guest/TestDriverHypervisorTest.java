package org.kvmlab.guest;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;

/** The hypervisor contract on libvirt's test driver: fast, in-process, a private host per test. */
class TestDriverHypervisorTest extends HypervisorContract {

    @Override
    Hypervisor open(Path work) throws Exception {
        Path node = Files.writeString(work.resolve("node.xml"), "<node/>");
        return LibvirtHypervisor.connect("test://" + node.toAbsolutePath());
    }

    @Override
    GuestImage image(Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve("image"));
        for (String file : new String[] {"vmlinux", "initramfs.img", "base.qcow2", "READY"}) {
            Files.writeString(dir.resolve(file), "");
        }
        return new GuestImage(dir);
    }

    @Override
    Acceleration acceleration() {
        return Acceleration.TCG;
    }
}
