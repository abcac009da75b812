package org.kvmlab.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
import org.kvmlab.hosts.BootQueue;
import org.kvmlab.hosts.HostSettings;
import org.kvmlab.hosts.Hosts;
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

    @Resource
    ManagedThreadFactory threads;

    /**
     * Boots and reaping wait on QEMU for seconds: they get threads of their own (with the container's context), so
     * they never queue behind each other in the container's small default pool.
     */
    private ThreadPoolExecutor work;
    /** Short hypervisor work beside a boot (its session network); never waits on anything else. */
    private ExecutorService beside;

    private Hosts hosts;
    private BootQueue boots;
    private LabCatalog catalog;
    private GuideLibrary guides;
    private String instance;

    @PostConstruct
    void init() {
        instance = instanceId(config.dataDir());
        guides = new GuideLibrary(config.guidesDir());
        catalog = LabCatalog.load(config.labsDir(), new LabLoader(guides));
        LOG.info(() -> "labs: " + catalog.all().size() + " loaded from " + config.labsDir()
                + (catalog.problems().isEmpty() ? "" : ", " + catalog.problems().size() + " problems"));
        beside = Executors.newCachedThreadPool(threads);
        Hypervisor local = connect(config.libvirtUri());
        hosts = new Hosts(LibvirtHypervisor::connect, new HostSetup(), Clock.systemUTC());
        hosts.add(HostSettings.defaults(HostSettings.LOCAL, local.info().uri()), local);
        hosts.local().acceleration().thenAccept(a -> LOG.info(() -> "lab guests run with " + a));
        work = new ThreadPoolExecutor(WORK_THREADS, WORK_THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads);
        work.allowCoreThreadTimeOut(true);
        boots = new BootQueue(work, id -> hosts.get(id).map(h -> h.caps().boots()).orElse(1), Clock.systemUTC());
    }

    /** Threads for work that waits on hypervisors beside a request (boots, reaping). */
    public java.util.concurrent.Executor executor() {
        return work;
    }

    /** Boots and removals running at once, on every host together. */
    private static final int WORK_THREADS = 32;

    /** Boots waiting for, or holding, a host's boot slots. */
    public BootQueue boots() {
        return boots;
    }

    /** What every newly connected host gets: a lab runtime with its own disk folder, and its KVM probe. */
    private final class HostSetup implements Hosts.Setup {
        @Override
        public LabRuntime runtime(String hostId, Hypervisor hypervisor) {
            Path disks = diskFolder(hostId);
            try {
                Files.createDirectories(disks);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LabRuntime runtime = new LabRuntime(hypervisor, () -> image(hypervisor),
                    () -> hosts.get(hostId).orElseThrow().acceleration().join(), LearnerPolicy.standard(), disks,
                    instance, beside);
            runtime.prepareHost();
            return runtime;
        }

        @Override
        public CompletableFuture<Acceleration> acceleration(String hostId, Hypervisor hypervisor) {
            return CompletableFuture.supplyAsync(() -> AccelerationProbe.decide(config.acceleration(), hypervisor,
                    image(hypervisor), instance), executor);
        }
    }

    /**
     * Where a host's session disks live: the data folder's {@code sessions} for the start-up host,
     * {@code host-disks/<id>} for the others (the same path must be usable on that host: see the README). Never
     * inside another host's folder: a directory pool lists its sub-folders as volumes.
     */
    public Path diskFolder(String hostId) {
        return HostSettings.LOCAL.equals(hostId) ? config.sessionDisksDir()
                : config.dataDir().resolve("host-disks").resolve(hostId);
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
        work.shutdownNow();
        beside.shutdownNow();
        hosts.close();
    }

    private GuestImage image(Hypervisor hypervisor) {
        if (hypervisor.info().simulated() && !Files.exists(config.imagesDir().resolve("current"))) {
            return new GuestImage(config.imagesDir().resolve("simulated"));
        }
        return GuestImage.current(config.imagesDir());
    }

    /** The guest image, as the start-up host uses it. */
    public GuestImage image() {
        return image(hosts.local().hypervisor());
    }

    public boolean demoMode() {
        return hypervisorInfo().simulated();
    }

    /** The start-up host's hypervisor. */
    public HypervisorInfo hypervisorInfo() {
        return hosts.local().info();
    }

    /** The hypervisor hosts and where each session runs. */
    public Hosts hosts() {
        return hosts;
    }

    public LabCatalog catalog() {
        return catalog;
    }

    public GuideLibrary guides() {
        return guides;
    }

    /** The start-up host's lab runtime (tools, self-tests); a session's guests use its own host's runtime. */
    public LabRuntime runtime() {
        return hosts.local().runtime();
    }

    public KvmlabConfig config() {
        return config;
    }
}
