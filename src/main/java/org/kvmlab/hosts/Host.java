package org.kvmlab.hosts;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.session.LabRuntime;

/**
 * One hypervisor host while the platform runs: its settings, its libvirt connection and lab runtime (absent while
 * it has never answered), whether it answers, and how it runs guests (KVM or emulation).
 */
public final class Host {

    /** A host is marked down after this many health checks in a row failed. */
    static final int FAILURES_TO_DOWN = 2;

    private final String id;
    private volatile HostSettings settings;
    private volatile Hypervisor hypervisor;
    private volatile LabRuntime runtime;
    private volatile HypervisorInfo info;
    private volatile CompletableFuture<Acceleration> acceleration = new CompletableFuture<>();
    private volatile boolean up;
    private volatile String problem = "not connected yet";
    private volatile Instant since;
    private int failures;

    Host(HostSettings settings, Instant now) {
        this.id = settings.id();
        this.settings = settings;
        this.since = now;
    }

    public String id() {
        return id;
    }

    public HostSettings settings() {
        return settings;
    }

    void settings(HostSettings value) {
        settings = value;
    }

    /** Whether the host answered its last health checks. */
    public boolean up() {
        return up;
    }

    /** Why the host is down (libvirt's words), or empty while it answers. */
    public String problem() {
        return up ? "" : problem;
    }

    /** Since when the host is up or down. */
    public Instant since() {
        return since;
    }

    /** What libvirt said of the host when it was last connected; null when it never answered. */
    public HypervisorInfo info() {
        return info;
    }

    /** The host's caps; zero capacity while it never answered. */
    public HostCaps caps() {
        HypervisorInfo known = info;
        return known == null ? new HostCaps(0, 0, 0, Math.max(1, settings.maxBoots()))
                : HostCaps.of(settings, known);
    }

    /** Whether lab guests there run with KVM (false while that is not known yet). */
    public boolean kvm() {
        return acceleration.isDone() && !acceleration.isCompletedExceptionally()
                && acceleration.join() == Acceleration.KVM;
    }

    public CompletableFuture<Acceleration> acceleration() {
        return acceleration;
    }

    /** The host's lab runtime; throws when the host never answered. */
    public LabRuntime runtime() {
        LabRuntime r = runtime;
        if (r == null) {
            throw new HypervisorException(HypervisorException.Reason.CONNECTION, "host " + id + " is not connected: "
                    + problem);
        }
        return r;
    }

    public boolean connected() {
        return runtime != null;
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    void connected(Hypervisor h, LabRuntime r, CompletableFuture<Acceleration> accel, Instant now) {
        hypervisor = h;
        runtime = r;
        info = h.info();
        acceleration = accel;
        markUp(now);
    }

    /** Records an answer; returns true when the host was down before. */
    synchronized boolean markUp(Instant now) {
        failures = 0;
        if (up) {
            return false;
        }
        up = true;
        since = now;
        return true;
    }

    /** Records a failed check; returns true when this failure takes the host down. */
    synchronized boolean markFailed(String why, Instant now) {
        problem = why;
        failures++;
        if (up && failures >= FAILURES_TO_DOWN) {
            up = false;
            since = now;
            return true;
        }
        return false;
    }

    void close() {
        Hypervisor h = hypervisor;
        if (h != null) {
            h.close();
        }
    }
}
