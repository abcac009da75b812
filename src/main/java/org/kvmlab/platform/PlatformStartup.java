package org.kvmlab.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.kvmlab.authoring.LabLibrary;
import org.flywaydb.core.Flyway;
import org.kvmlab.hosts.HostService;
import org.kvmlab.identity.Role;
import org.kvmlab.identity.UserService;
import org.kvmlab.pool.PoolService;
import org.kvmlab.session.SessionRecovery;
import org.kvmlab.session.SessionService;

/**
 * Brings the platform up in order: database schema (Flyway), the first admin account, the hypervisor host
 * (storage pool, lab network), then reconciliation of guests left from before a restart or crash. Runs the
 * reaper that ends expired sessions.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@DataSourceDefinition(name = "java:app/jdbc/kvmlab", className = "org.kvmlab.persistence.KvmlabDataSource",
        minPoolSize = 1, maxPoolSize = 20)
public class PlatformStartup {

    private static final Logger LOG = Logger.getLogger(PlatformStartup.class.getName());

    @Resource(lookup = "java:app/jdbc/kvmlab")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @Inject
    Platform platform;

    @Inject
    LabLibrary library;

    @Inject
    UserService users;

    @Inject
    SessionService sessions;

    @Inject
    SessionRecovery recovery;

    @Inject
    HostService hosts;

    @Inject
    PoolService pools;

    private static final String REAPER = "reaper";
    private static final String TICK = "tick";
    /** Each timer's work runs once at a time: a slow run is never overlapped by the next one. */
    private final AtomicBoolean reaping = new AtomicBoolean();
    private final AtomicBoolean ticking = new AtomicBoolean();

    @PostConstruct
    void start() {
        try {
            bringUp();
        } catch (RuntimeException e) {
            // a platform that cannot start must not sit there serving errors: say why and stop the process
            LOG.log(Level.SEVERE, "kvmlab cannot start: " + e.getMessage(), e);
            System.err.println("\n*** kvmlab cannot start: " + e.getMessage() + "\n");
            new Thread(() -> System.exit(3), "kvmlab-exit").start();
            throw e;
        }
    }

    private void bringUp() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        createFirstAdmin();
        library.syncBuiltIns();
        hosts.load();
        recovery.reconcile();
        long every = platform.config().reaperInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig(REAPER, false));
        long tick = platform.config().tickInterval().toMillis();
        timers.createIntervalTimer(tick, tick, new TimerConfig(TICK, false));
        if (platform.demoMode()) {
            LOG.warning("kvmlab runs in DEMO MODE: guests are simulated (libvirt test driver)");
        }
    }

    private void createFirstAdmin() {
        if (users.anyAdmin()) {
            return;
        }
        String password = platform.config().adminPassword().orElseGet(PlatformStartup::generatePassword);
        try {
            users.create("admin", password, Role.ADMIN);
        } catch (UserService.SignupException e) {
            throw new IllegalStateException("KVMLAB_ADMIN_PASSWORD is not acceptable: " + e.getMessage(), e);
        }
        if (platform.config().adminPassword().isEmpty()) {
            // printed once, on the console only: the person starting the platform needs it
            System.out.println("\n*** kvmlab: created account 'admin' with password: " + password
                    + "\n*** (shown once; set KVMLAB_ADMIN_PASSWORD to choose it)\n");
        } else {
            LOG.info("created account 'admin' with the password from KVMLAB_ADMIN_PASSWORD");
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Outside any transaction, like a REST call: each store call commits on its own. Inside the timer's container
     * transaction, a pool guest's row written by {@code fill()} was invisible to its boot on another thread until
     * the whole tick committed, so the boot found no row and gave up, and the guest stayed "starting" for ever.
     */
    @Timeout
    @jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.NOT_SUPPORTED)
    void timeout(Timer timer) {
        if (TICK.equals(timer.getInfo())) {
            tick();
        } else {
            reap();
        }
    }

    /** Hosts are health-checked (a host lost, or back, is dealt with) and warm pools refilled. */
    private void tick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            hosts.check();
            pools.fill();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "host check or pool refill failed; it will try again", e);
        } finally {
            ticking.set(false);
        }
    }

    private void reap() {
        if (!reaping.compareAndSet(false, true)) {
            return;
        }
        try {
            int expired = sessions.expireDue();
            if (expired > 0) {
                LOG.info(() -> "reaper ended " + expired + " expired sessions");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reaper run failed; it will try again", e);
        } finally {
            reaping.set(false);
        }
    }
}
