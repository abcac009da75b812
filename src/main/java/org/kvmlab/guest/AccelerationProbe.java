package org.kvmlab.guest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.kvmlab.xml.XmlException;

/**
 * Decides whether lab guests run with KVM or TCG. {@code auto} cannot trust capabilities: on hosts where
 * nested virtualisation is broken, /dev/kvm exists and KVM_CREATE_VM succeeds, yet guests hang. So auto
 * boots a tiny guest with KVM and waits for its guest agent; only an answer means KVM works.
 */
public final class AccelerationProbe {

    /** Name prefix of the probe guest. */
    public static final String PROBE_PREFIX = "kvmlab-probe-";
    private static final Logger LOG = Logger.getLogger(AccelerationProbe.class.getName());
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final String PROBE_XML = """
            <domain type='kvm'>
              <name>probe</name>
              <memory unit='MiB'>128</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices><serial type='pty'/></devices>
            </domain>
            """;

    private AccelerationProbe() {
    }

    /**
     * @param setting "auto", "kvm" or "tcg"
     * @param instance names the probe guest so it is recognisable (and reaped) as a platform object
     */
    public static Acceleration decide(String setting, Hypervisor hypervisor, GuestImage image, String instance) {
        switch (setting.toLowerCase(Locale.ROOT)) {
            case "kvm":
                return Acceleration.KVM;
            case "tcg":
                return Acceleration.TCG;
            case "auto":
                break;
            default:
                throw new IllegalArgumentException("KVMLAB_ACCEL must be auto, kvm or tcg, not '" + setting + "'");
        }
        if (hypervisor.info().simulated() || !Files.exists(Path.of("/dev/kvm"))) {
            return Acceleration.TCG;
        }
        return bootsWithKvm(hypervisor, image, instance) ? Acceleration.KVM : Acceleration.TCG;
    }

    private static boolean bootsWithKvm(Hypervisor hypervisor, GuestImage image, String instance) {
        String name = PROBE_PREFIX + instance;
        GuestAgent agent = new GuestAgent(hypervisor);
        long started = System.nanoTime();
        try {
            hypervisor.destroy(name);
            hypervisor.undefine(name);
            hypervisor.define(DomainBlueprint.build(PROBE_XML, new DomainBlueprint.Spec(name,
                    new GuestMetadata(instance, "probe", "probe", "probe", Instant.now().plus(PROBE_TIMEOUT)),
                    Acceleration.KVM, image, List.of(), "none", true)));
            hypervisor.start(name);
            if (agent.awaitPing(name, PROBE_TIMEOUT)) {
                LOG.info(() -> "KVM works here: probe guest answered in "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
                return true;
            }
            LOG.warning("KVM is present but a KVM guest did not boot within " + PROBE_TIMEOUT.toSeconds()
                    + " s (nested virtualisation?): guests will use TCG emulation");
            return false;
        } catch (HypervisorException | XmlException e) {
            LOG.warning(() -> "KVM probe failed (" + e.getMessage() + "): guests will use TCG emulation");
            return false;
        } finally {
            hypervisor.destroy(name);
            hypervisor.undefine(name);
        }
    }
}
