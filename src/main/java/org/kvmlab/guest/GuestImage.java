package org.kvmlab.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built lab guest (kernel, initramfs, read-only qcow2 base) in its versioned folder. The folder is
 * resolved once, so sessions keep pointing at the build they started with even after a rebuild.
 */
public record GuestImage(Path directory) {

    /** Virtual size of the base disk; the build script makes it 64 MiB. */
    private static final long BASE_CAPACITY = 64L * 1024 * 1024;

    /** Resolves {@code <images>/current} to the build it points at. */
    public static GuestImage current(Path imagesFolder) {
        Path current = imagesFolder.resolve("current");
        try {
            Path real = current.toRealPath();
            if (!Files.isRegularFile(real.resolve("READY"))) {
                throw new IllegalStateException("guest image in " + real + " is incomplete: run ./kvmlab run");
            }
            return new GuestImage(real);
        } catch (IOException e) {
            throw new UncheckedIOException("no guest image in " + imagesFolder
                    + " (it is built by ./kvmlab run or ./kvmlab test)", e);
        }
    }

    public Path kernel() {
        return directory.resolve("vmlinux");
    }

    public Path initrd() {
        return directory.resolve("initramfs.img");
    }

    public Path baseDisk() {
        return directory.resolve("base.qcow2");
    }

    public long baseCapacityBytes() {
        return BASE_CAPACITY;
    }
}
