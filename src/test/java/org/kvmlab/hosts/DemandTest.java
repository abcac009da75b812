package org.kvmlab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabLoader;
import org.kvmlab.guide.GuideLibrary;

class DemandTest {

    static final Path TEMPLATE = Path.of("src/test/resources/labs-broken/template/broken-lab");

    @TempDir
    Path root;

    Lab load(String extra) throws IOException, org.kvmlab.catalog.LabException {
        Path folder = Files.createTempDirectory(root, "lab").resolve("broken-lab");
        try (Stream<Path> files = Files.walk(TEMPLATE)) {
            for (Path f : files.toList()) {
                Path to = folder.resolve(TEMPLATE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Files.writeString(folder.resolve("lab.yaml"), Files.readString(folder.resolve("lab.yaml")) + extra);
        return new LabLoader(new GuideLibrary(Path.of("guides"))).load(folder);
    }

    @Test
    void aLabHoldsItsGuestsCapsAndSaysWhetherItNeedsKvm() throws Exception {
        Demand any = Demand.of(load(""));
        Demand kvm = Demand.of(load("workspace:\n  requiresKvm: true\n"));

        assertThat(any).isEqualTo(new Demand(1, 128, 1, false));
        assertThat(kvm.needsKvm()).isTrue();
        assertThat(kvm.memoryMiB()).isEqualTo(128);
    }
}
