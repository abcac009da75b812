package org.kvmlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.GuestImage;

/** Where the integration tests find the built guest image, and how guests run on this machine. */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** The guest image built by {@code ./kvmlab test} (system property kvmlab.images). */
    public static GuestImage guestImage() {
        return GuestImage.current(imagesFolder());
    }

    public static Path imagesFolder() {
        return Path.of(System.getProperty("kvmlab.images", "data/images")).toAbsolutePath();
    }

    /** KVMLAB_ACCEL=kvm runs guests with KVM; anything else uses TCG, which works everywhere. */
    public static Acceleration acceleration() {
        return "kvm".equals(System.getenv("KVMLAB_ACCEL")) ? Acceleration.KVM : Acceleration.TCG;
    }

    /** Lets QEMU (an unprivileged user) walk into a test's temporary folder. */
    public static void makeTraversable(Path folder) {
        try {
            for (Path p = folder.toAbsolutePath(); p != null && p.startsWith(Path.of(System.getProperty(
                    "java.io.tmpdir"))); p = p.getParent()) {
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
