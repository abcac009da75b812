package org.kvmlab.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kvmlab.guest.Hypervisor;
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

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
        if (libvirt != null) {
            libvirt.close();
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
