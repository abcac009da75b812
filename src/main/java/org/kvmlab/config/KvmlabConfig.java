package org.kvmlab.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the platform, from environment variables ({@code KVMLAB_…}), or the matching system
 * property ({@code kvmlab.…}) when the variable is unset. The README lists them all.
 */
@ApplicationScoped
public class KvmlabConfig {

    /** Root of the data folder: database, guest images, session disks. */
    public Path dataDir() {
        return Path.of(value("KVMLAB_DATA").orElse("data")).toAbsolutePath().normalize();
    }

    /** libvirt URI; "auto" means qemu:///system when a libvirtd answers, else the test driver (demo mode). */
    public String libvirtUri() {
        return value("KVMLAB_LIBVIRT_URI").orElse("auto");
    }

    /** auto, kvm or tcg. */
    public String acceleration() {
        return value("KVMLAB_ACCEL").orElse("auto").toLowerCase(Locale.ROOT);
    }

    /** How long a lab session lives. */
    public Duration sessionLifetime() {
        return Duration.ofMinutes(integer("KVMLAB_SESSION_MINUTES", 60));
    }

    /** The longest a lab session can be extended to, counted from its start. */
    public Duration sessionMaxLifetime() {
        return Duration.ofMinutes(Math.max(integer("KVMLAB_SESSION_MAX_MINUTES", 180),
                integer("KVMLAB_SESSION_MINUTES", 60)));
    }

    /** How often expired sessions are reaped. */
    public Duration reaperInterval() {
        return Duration.ofSeconds(integer("KVMLAB_REAPER_SECONDS", 30));
    }

    /** How often hosts are health-checked and warm pools refilled. */
    public Duration tickInterval() {
        return Duration.ofSeconds(integer("KVMLAB_TICK_SECONDS", 5));
    }

    /** The longest a pre-booted pool guest waits for a learner before it is recycled (replaced by a fresh one). */
    public Duration poolGuestLifetime() {
        return Duration.ofMinutes(integer("KVMLAB_POOL_GUEST_MINUTES", 120));
    }

    public Optional<String> adminPassword() {
        return value("KVMLAB_ADMIN_PASSWORD");
    }

    /** Whether students may create their own accounts. */
    public boolean signupEnabled() {
        return !"false".equalsIgnoreCase(value("KVMLAB_SIGNUP").orElse("true"));
    }

    /** Most lab sessions one user may have running at once. */
    public int maxSessionsPerUser() {
        return integer("KVMLAB_MAX_SESSIONS_PER_USER", 1);
    }

    /** Lab guests one person may have at once, across their live sessions. */
    public int userMaxGuests() {
        return integer("KVMLAB_USER_MAX_GUESTS", 4);
    }

    /** Memory (MiB) one person's lab guests may have at once: each guest counts with its lab's memory cap. */
    public int userMaxMemoryMiB() {
        return integer("KVMLAB_USER_MAX_MEMORY_MIB", 1024);
    }

    /** vCPUs one person's lab guests may have at once: each guest counts with its lab's vCPU cap. */
    public int userMaxVcpus() {
        return integer("KVMLAB_USER_MAX_VCPUS", 8);
    }

    /** GiB the volumes one person makes (vol-create-as) may hold in all, across their live sessions. */
    public int userMaxDiskGiB() {
        return integer("KVMLAB_USER_MAX_DISK_GIB", 16);
    }

    public Path labsDir() {
        return value("KVMLAB_LABS").map(Path::of).orElse(Path.of("labs")).toAbsolutePath().normalize();
    }

    public Path guidesDir() {
        return value("KVMLAB_GUIDES").map(Path::of).orElse(Path.of("guides")).toAbsolutePath().normalize();
    }

    public Path imagesDir() {
        return value("KVMLAB_IMAGES").map(Path::of).orElse(dataDir().resolve("images")).toAbsolutePath();
    }

    public Path sessionDisksDir() {
        return dataDir().resolve("sessions");
    }

    private static int integer(String name, int fallback) {
        Optional<String> raw = value(name);
        try {
            int parsed = raw.map(String::strip).map(Integer::parseInt).orElse(fallback);
            if (parsed <= 0) {
                throw new IllegalStateException(name + " must be a positive number, not '" + raw.orElse("") + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, not '" + raw.orElse("") + "'", e);
        }
    }

    /** A setting by its environment variable name, falling back to the matching system property. */
    public static Optional<String> value(String name) {
        String env = System.getenv(name);
        if (env != null && !env.isBlank()) {
            return Optional.of(env);
        }
        String property = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
        return property == null || property.isBlank() ? Optional.empty() : Optional.of(property);
    }
}
