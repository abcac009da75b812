package org.kvmlab.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.catalog.Lab;
import org.kvmlab.hosts.HostService;
import org.kvmlab.hosts.HostSettings;
import org.kvmlab.pool.PoolService;

/**
 * What admins do with capacity, for the Hosts &amp; pools page and the API alike: hypervisor hosts (add, caps,
 * drain, remove) and each lab's standing warm pool. The role is read from the database on every call, like every
 * admin action; the services' refusals become {@link AdminException}s with their message, so both the page and
 * the API say what to fix.
 */
@ApplicationScoped
public class CapacityAdmin {

    @Inject
    AccountAdmin accounts;

    @Inject
    HostService hosts;

    @Inject
    PoolService pools;

    @Inject
    LabLibrary library;

    /** A change to a host: each field that is null keeps the host's current value. */
    public record HostChange(Long maxMemoryMiB, Double cpuOvercommit, Integer maxGuests, Integer maxBoots,
                             Boolean drained) {
    }

    /** A lab's warm pool: every published lab has one, of size 0 unless an admin set it. */
    public record LabPool(String lab, String title, int size, int reserved, int wanted, int ready, int starting,
                          int recycling) {
    }

    public List<HostService.HostView> hosts(String admin) {
        accounts.requireAdmin(admin);
        return hosts.all().stream().map(CapacityAdmin::shown).toList();
    }

    /** Registers a host with its caps (0: the default); one that does not answer yet is kept and retried. */
    public HostService.HostView addHost(String admin, String id, String uri, long maxMemoryMiB, double cpuOvercommit,
                                        int maxGuests, int maxBoots) {
        accounts.requireAdmin(admin);
        HostSettings settings = refusedAsInvalid(() -> new HostSettings(id == null ? null : id.strip(), uri, maxMemoryMiB,
                cpuOvercommit, maxGuests, maxBoots, false));
        if (find(settings.id()).isPresent()) {
            throw new AdminException(AdminException.Kind.CONFLICT, "There is already a host '" + settings.id()
                    + "'. Choose another id, or change that host's caps.");
        }
        return shown(refusedAsInvalid(() -> hosts.add(admin, settings)));
    }

    /** Changes a host's caps or drained flag; its URI stays what it was. */
    public HostService.HostView updateHost(String admin, String id, HostChange change) {
        accounts.requireAdmin(admin);
        HostSettings now = existing(id).settings();
        HostSettings next = refusedAsInvalid(() -> new HostSettings(now.id(), now.uri(),
                or(change.maxMemoryMiB(), now.maxMemoryMiB()), or(change.cpuOvercommit(), now.cpuOvercommit()),
                or(change.maxGuests(), now.maxGuests()), or(change.maxBoots(), now.maxBoots()),
                or(change.drained(), now.drained())));
        return shown(refusedAsInvalid(() -> hosts.update(admin, next)));
    }

    /** Removes a host that holds no session or pool guest (drain it first and let them end). */
    public void removeHost(String admin, String id) {
        accounts.requireAdmin(admin);
        existing(id);
        refusedAsInvalid(() -> {
            hosts.remove(admin, id);
            return null;
        });
    }

    /** Every published lab's pool, then any pool of a lab no longer published (so it can be set to 0). */
    public List<LabPool> pools(String admin) {
        accounts.requireAdmin(admin);
        Map<String, PoolService.PoolStatus> status = new LinkedHashMap<>();
        pools.status().forEach(s -> status.put(s.lab(), s));
        List<LabPool> out = new ArrayList<>();
        for (Lab lab : library.published()) {
            out.add(pool(lab.id(), lab.title(), status.remove(lab.id())));
        }
        status.values().forEach(s -> out.add(pool(s.lab(), s.lab(), s)));
        return out;
    }

    /** Sets how many ready guests a lab keeps at all times; returns its pool as it is now. */
    public LabPool setPoolSize(String admin, String labId, int size) {
        accounts.requireAdmin(admin);
        Lab lab = library.current(labId).orElseThrow(() -> new AdminException(AdminException.Kind.NOT_FOUND,
                "There is no lab '" + labId + "'."));
        refusedAsInvalid(() -> {
            pools.setStanding(admin, lab.id(), size);
            return null;
        });
        return pools(admin).stream().filter(p -> p.lab().equals(lab.id())).findFirst().orElseThrow();
    }

    private Optional<HostService.HostView> find(String id) {
        return hosts.all().stream().filter(h -> h.id().equals(id)).findFirst();
    }

    private HostService.HostView existing(String id) {
        return find(id).orElseThrow(() -> new AdminException(AdminException.Kind.NOT_FOUND, "There is no host '"
                + id + "'."));
    }

    /**
     * The host with only the first line of libvirt's problem. libvirt quotes the line it could not parse below its
     * message (libxml2's context): for a test-driver URI naming a file that is not node XML, such as
     * {@code test:///proc/self/environ}, that is a line of the file, which no page or answer should show.
     */
    static HostService.HostView shown(HostService.HostView h) {
        String problem = h.problem() == null ? "" : h.problem().lines().findFirst().orElse("").strip();
        if (problem.equals(h.problem())) {
            return h;
        }
        return new HostService.HostView(h.id(), h.uri(), h.up(), problem, h.drained(), h.kvm(), h.hostname(),
                h.cpus(), h.memoryMiB(), h.caps(), h.used(), h.booting(), h.sessions(), h.settings());
    }

    private static LabPool pool(String lab, String title, PoolService.PoolStatus s) {
        return s == null ? new LabPool(lab, title, 0, 0, 0, 0, 0, 0)
                : new LabPool(lab, title, s.standing(), s.reserved(), s.wanted(), s.ready(), s.starting(),
                        s.recycling());
    }

    /** The services refuse bad input with IllegalArgumentException, whose message is written for the admin. */
    private static <T> T refusedAsInvalid(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminException.Kind.INVALID, e.getMessage());
        }
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
