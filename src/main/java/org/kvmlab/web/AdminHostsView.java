package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.admin.AdminException;
import org.kvmlab.admin.CapacityAdmin;
import org.kvmlab.hosts.HostService;

/**
 * The admin's Hosts &amp; pools page: every hypervisor host with its health and what is used of its caps (add,
 * change caps, drain, remove), and every lab's warm pool with its size. The page polls, so an admin watches a pool
 * fill; the poll re-reads only the figures, never the fields being typed in.
 */
@Named
@ViewScoped
public class AdminHostsView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient CapacityAdmin capacity;

    private transient List<HostService.HostView> hosts;
    private transient List<CapacityAdmin.LabPool> pools;
    private final HostForm added = new HostForm();
    private final HostForm edited = new HostForm();
    /** The host whose caps are being edited; null when none is. */
    private String editing;
    /** Lab id → the pool size typed for it, before Set is pressed. */
    private final Map<String, Integer> sizes = new HashMap<>();

    /** The fields of a host's form; numbers left empty are taken as 0, the default. */
    public static class HostForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private String id;
        private String uri;
        private Long maxMemoryMiB;
        private Double cpuOvercommit;
        private Integer maxGuests;
        private Integer maxBoots;

        void clear() {
            id = null;
            uri = null;
            maxMemoryMiB = null;
            cpuOvercommit = null;
            maxGuests = null;
            maxBoots = null;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public Long getMaxMemoryMiB() {
            return maxMemoryMiB;
        }

        public void setMaxMemoryMiB(Long maxMemoryMiB) {
            this.maxMemoryMiB = maxMemoryMiB;
        }

        public Double getCpuOvercommit() {
            return cpuOvercommit;
        }

        public void setCpuOvercommit(Double cpuOvercommit) {
            this.cpuOvercommit = cpuOvercommit;
        }

        public Integer getMaxGuests() {
            return maxGuests;
        }

        public void setMaxGuests(Integer maxGuests) {
            this.maxGuests = maxGuests;
        }

        public Integer getMaxBoots() {
            return maxBoots;
        }

        public void setMaxBoots(Integer maxBoots) {
            this.maxBoots = maxBoots;
        }
    }

    public List<HostService.HostView> getHosts() {
        if (hosts == null) {
            try {
                hosts = capacity.hosts(Pages.caller());
            } catch (AdminException e) {
                hosts = List.of();
                Pages.error(e.getMessage());
            }
        }
        return hosts;
    }

    public List<CapacityAdmin.LabPool> getPools() {
        if (pools == null) {
            try {
                pools = capacity.pools(Pages.caller());
            } catch (AdminException e) {
                pools = List.of();
                Pages.error(e.getMessage());
            }
            pools.forEach(p -> sizes.put(p.lab(), p.size()));
        }
        return pools;
    }

    /** The poll: figures are read afresh. */
    public void refresh() {
        hosts = null;
        pools = null;
    }

    public void add() {
        try {
            HostService.HostView host = capacity.addHost(Pages.caller(), added.id, added.uri, zero(added.maxMemoryMiB),
                    added.cpuOvercommit == null ? 0 : added.cpuOvercommit, zero(added.maxGuests),
                    zero(added.maxBoots));
            if (host.up()) {
                Pages.info("Host '" + host.id() + "' is added and answers: new lab guests may be placed on it.");
            } else {
                Pages.warn("Host '" + host.id() + "' is added but does not answer yet (" + host.problem() + "). kvmlab"
                        + " keeps trying; check the URI and that libvirtd runs there.");
            }
            added.clear();
        } catch (AdminException e) {
            Pages.error(e.getMessage());
        }
        refresh();
    }

    /** Opens the caps form of a host, filled with its caps as set. */
    public void edit(String id) {
        getHosts().stream().filter(h -> h.id().equals(id)).findFirst().ifPresent(h -> {
            editing = id;
            edited.maxMemoryMiB = h.settings().maxMemoryMiB();
            edited.cpuOvercommit = h.settings().cpuOvercommit();
            edited.maxGuests = h.settings().maxGuests();
            edited.maxBoots = h.settings().maxBoots();
        });
    }

    public void saveCaps() {
        try {
            capacity.updateHost(Pages.caller(), editing, new CapacityAdmin.HostChange(zero(edited.maxMemoryMiB),
                    edited.cpuOvercommit == null ? 0.0 : edited.cpuOvercommit, zero(edited.maxGuests),
                    zero(edited.maxBoots), null));
            Pages.info("The caps of host '" + editing + "' are changed. Guests already placed there stay.");
            editing = null;
        } catch (AdminException e) {
            Pages.error(e.getMessage());
        }
        refresh();
    }

    public void cancelEdit() {
        editing = null;
    }

    /** Drains a host (it takes no new guests; the ones it runs finish normally), or returns it to service. */
    public void drain(String id, boolean drained) {
        try {
            capacity.updateHost(Pages.caller(), id, new CapacityAdmin.HostChange(null, null, null, null, drained));
            Pages.info(drained ? "Host '" + id + "' is drained: it takes no new guests; the ones it runs finish"
                    + " normally." : "Host '" + id + "' is back in service.");
        } catch (AdminException e) {
            Pages.error(e.getMessage());
        }
        refresh();
    }

    public void remove(String id) {
        try {
            capacity.removeHost(Pages.caller(), id);
            Pages.info("Host '" + id + "' is removed.");
            if (id.equals(editing)) {
                editing = null;
            }
        } catch (AdminException e) {
            Pages.error(e.getMessage());
        }
        refresh();
    }

    public void setSize(String lab) {
        try {
            Integer size = sizes.get(lab);
            CapacityAdmin.LabPool pool = capacity.setPoolSize(Pages.caller(), lab, size == null ? 0 : size);
            Pages.info(pool.size() == 0 ? "The lab '" + pool.title() + "' keeps no ready guests now."
                    : "The lab '" + pool.title() + "' keeps " + pool.size() + " ready guests; the pool fills as"
                    + " hosts have room to boot them.");
        } catch (AdminException e) {
            Pages.error(e.getMessage());
        }
        refresh();
    }

    /** A host's guest cap for the table ("no cap" when there is none). */
    public String guestCap(HostService.HostView host) {
        return host.caps().guests() == Integer.MAX_VALUE ? "no cap" : Integer.toString(host.caps().guests());
    }

    private static long zero(Long value) {
        return value == null ? 0 : value;
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }

    public HostForm getAdded() {
        return added;
    }

    public HostForm getEdited() {
        return edited;
    }

    public String getEditing() {
        return editing;
    }

    public Map<String, Integer> getSizes() {
        return sizes;
    }
}
