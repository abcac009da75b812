package org.kvmlab.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.kvmlab.catalog.LabCatalog;
import org.kvmlab.catalog.LabLoader;
import org.kvmlab.config.KvmlabConfig;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.AccelerationProbe;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.session.LabRuntime;

/**
 * The platform's long-lived parts, built once from the configuration: the hypervisor connection (real
 * libvirtd, or the test driver in demo mode), the lab catalog, the guides, and the lab runtime.
 */
@ApplicationScoped
public class Platform {

    private static final Logger LOG = Logger.getLogger(Platform.class.getName());
    private static final String SYSTEM_URI = "qemu:///system";
    private static final String DEMO_URI = "test:///default";

    @Inject
    KvmlabConfig config;

    @Resource
    ManagedExecutorService executor;

    private Hypervisor hypervisor;
    private LabCatalog catalog;
    private GuideLibrary guides;
    private LabRuntime runtime;
    private CompletableFuture<Acceleration> acceleration;
    private String instance;

    @PostConstruct
    void init() {
        instance = instanceId(config.dataDir());
        guides = new GuideLibrary(config.guidesDir());
        catalog = LabCatalog.load(config.labsDir(), new LabLoader(guides));
        LOG.info(() -> "labs: " + catalog.all().size() + " loaded from " + config.labsDir()
                + (catalog.problems().isEmpty() ? "" : ", " + catalog.problems().size() + " problems"));
        hypervisor = connect(config.libvirtUri());
        try {
            Files.createDirectories(config.sessionDisksDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runtime = new LabRuntime(hypervisor, this::image, this::acceleration, LearnerPolicy.standard(),
                config.sessionDisksDir(), instance);
        acceleration = CompletableFuture.supplyAsync(() -> AccelerationProbe.decide(config.acceleration(),
                hypervisor, image(), instance), executor);
        acceleration.thenAccept(a -> LOG.info(() -> "lab guests run with " + a));
    }

    private static Hypervisor connect(String uri) {
        if (!"auto".equals(uri)) {
            return LibvirtHypervisor.connect(uri);
        }
        try {
            return LibvirtHypervisor.connect(SYSTEM_URI);
        } catch (HypervisorException e) {
            LOG.warning(() -> "no libvirtd answers at " + SYSTEM_URI + " (" + e.getMessage()
                    + "): DEMO MODE, guests are simulated by libvirt's test driver");
            return LibvirtHypervisor.connect(DEMO_URI);
        }
    }

    /** A short stable id for this platform instance, from its data folder. */
    public static String instanceId(Path dataDir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    dataDir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        hypervisor.close();
    }

    public GuestImage image() {
        if (hypervisor.info().simulated() && !Files.exists(config.imagesDir().resolve("current"))) {
            return new GuestImage(config.imagesDir().resolve("simulated"));
        }
        return GuestImage.current(config.imagesDir());
    }

    public Acceleration acceleration() {
        return acceleration.join();
    }

    public boolean demoMode() {
        return hypervisor.info().simulated();
    }

    public HypervisorInfo hypervisorInfo() {
        return hypervisor.info();
    }

    public LabCatalog catalog() {
        return catalog;
    }

    public GuideLibrary guides() {
        return guides;
    }

    public LabRuntime runtime() {
        return runtime;
    }

    public KvmlabConfig config() {
        return config;
    }
}
