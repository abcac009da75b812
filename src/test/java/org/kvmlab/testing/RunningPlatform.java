package org.kvmlab.testing;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.XmlView;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;

/**
 * JUnit extension: the packaged platform running for one test class ({@link KvmlabServer}), and a direct
 * libvirt connection for looking behind its back. Register it as a static field with
 * {@code @RegisterExtension}.
 */
public final class RunningPlatform implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final Map<String, String> settings;
    private KvmlabServer server;
    private Hypervisor libvirt;

    public RunningPlatform(String name) {
        this(name, Map.of());
    }

    public RunningPlatform(String name, Map<String, String> settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new KvmlabServer(name, settings).start();
    }

    /**
     * Stops the platform, then checks that it left no guest and no disk behind on the real libvirtd, and removes
     * its (then empty) storage pool so repeated runs do not pile pools up.
     */
    @Override
    public void afterAll(ExtensionContext context) {
        if (server == null) {
            return;
        }
        server.stop();
        try {
            if (!settings.getOrDefault("KVMLAB_LIBVIRT_URI", "qemu:///system").startsWith("test:")) {
                String pool = "kvmlab-disks-" + server.instance();
                List<String> volumes = libvirt().listVolumes(pool, "");
                List<String> guests = libvirt().listGuests("kvmlab-").stream()
                        .filter(g -> GuestMetadata.from(libvirt().xml(g, XmlView.INACTIVE))
                                .map(m -> m.instance().equals(server.instance())).orElse(false)).toList();
                guests.forEach(g -> {
                    libvirt().destroy(g);
                    libvirt().undefine(g);
                });
                volumes.forEach(v -> libvirt().deleteVolume(pool, v));
                libvirt().removePool(pool);
                // a session's network goes with its guests and disks: the leftovers' sessions must have none
                List<String> networks = java.util.stream.Stream.concat(guests.stream(), volumes.stream())
                        .map(org.kvmlab.session.LabRuntime::sessionIdIn).flatMap(java.util.Optional::stream)
                        .distinct().map(org.kvmlab.session.LabRuntime::networkName)
                        .filter(n -> !libvirt().listNetworks(n).isEmpty()).toList();
                networks.forEach(libvirt()::removeNetwork);
                if (!volumes.isEmpty() || !guests.isEmpty()) {
                    throw new AssertionError("the platform left guests " + guests + ", disks " + volumes
                            + " and networks " + networks);
                }
            }
        } finally {
            if (libvirt != null) {
                libvirt.close();
            }
        }
    }

    public KvmlabServer server() {
        return server;
    }

    /** The real libvirtd, opened on first use. */
    public synchronized Hypervisor libvirt() {
        if (libvirt == null) {
            libvirt = LibvirtHypervisor.connect("qemu:///system");
        }
        return libvirt;
    }
}
