package org.kvmlab.guest.libvirt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.kvmlab.guest.GuestBlockInfo;
import org.kvmlab.guest.GuestConsole;
import org.kvmlab.guest.GuestSnapshot;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.GuestVcpu;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.HypervisorException.Reason;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.guest.XmlView;
import org.libvirt.Connect;
import org.libvirt.ConsoleBridge;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.DomainSnapshot;
import org.libvirt.LibvirtException;
import org.libvirt.ListAll;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.libvirt.ValidatingDefine;
import org.libvirt.VcpuInfo;

/**
 * The hypervisor port on libvirt-java. One shared connection, re-opened once when it drops; a host that stops
 * answering fails calls within seconds instead of blocking them ({@link LibvirtConnections}). Every native
 * object is freed explicitly in a finally block, which also keeps it reachable for the whole native call
 * (libvirt-java frees in finalize(), and a collected Domain mid-call is a use-after-free).
 */
public final class LibvirtHypervisor implements Hypervisor {

    private static final Logger LOG = Logger.getLogger(LibvirtHypervisor.class.getName());

    private final String uri;
    private volatile Connect connection;
    private final HypervisorInfo info;

    private LibvirtHypervisor(String uri, Connect connection) throws LibvirtException {
        this.uri = uri;
        this.connection = connection;
        this.info = describe(uri, connection);
    }

    /** Opens a read-write connection, e.g. {@code qemu:///system} or {@code test:///default}. */
    public static LibvirtHypervisor connect(String uri) {
        try {
            ErrorTrap.install();
            ErrorTrap.reset();
            return new LibvirtHypervisor(uri, LibvirtConnections.open(uri));
        } catch (LibvirtException e) {
            throw new HypervisorException(Reason.CONNECTION, "Cannot connect to " + uri + ": "
                    + LibvirtErrors.translate("connect", e).getMessage(), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new HypervisorException(Reason.CONNECTION, "libvirt is not installed (libvirt0 is missing)", e);
        }
    }

    private static HypervisorInfo describe(String uri, Connect c) throws LibvirtException {
        long v = c.getLibVersion();
        String version = (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
        org.libvirt.NodeInfo node = c.nodeInfo();
        return new HypervisorInfo(uri, "TEST".equalsIgnoreCase(c.getType()), c.getHostName(), version,
                node.cpus, node.memory / 1024);
    }

    @FunctionalInterface
    private interface ConnectionCall<T> {
        T apply(Connect c) throws LibvirtException;
    }

    @FunctionalInterface
    private interface DomainCall<T> {
        T apply(Domain d) throws LibvirtException;
    }

    @FunctionalInterface
    private interface DomainAction {
        void apply(Domain d) throws LibvirtException;
    }

    private interface PoolCall<T> {
        T apply(StoragePool p) throws LibvirtException;
    }

    private <T> T call(String what, ConnectionCall<T> body) {
        Connect c = connection;
        try {
            ErrorTrap.reset();
            return body.apply(c);
        } catch (LibvirtException e) {
            HypervisorException failure = LibvirtErrors.translate(what, e);
            // a lost host shows up under several codes (end of file: system error; keepalive: internal error),
            // but the connection itself knows it is closed
            if (failure.reason() != Reason.CONNECTION && LibvirtConnections.alive(c)) {
                throw failure;
            }
            if (!reconnect(c)) {
                throw new HypervisorException(Reason.CONNECTION, failure.getMessage(), e);
            }
        }
        try {
            ErrorTrap.reset();
            return body.apply(connection);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(what, e);
        }
    }

    private synchronized boolean reconnect(Connect broken) {
        if (connection != broken) {
            return true;
        }
        try {
            LOG.warning(() -> "libvirt connection to " + uri + " dropped; reconnecting");
            connection = LibvirtConnections.open(uri);
            try {
                broken.close();
            } catch (LibvirtException ignored) {
                // the old connection is already unusable
            }
            return true;
        } catch (LibvirtException | HypervisorException e) {
            return false;
        }
    }

    private <T> T onDomain(String what, String name, DomainCall<T> body) {
        return call(what + " " + name, c -> {
            Domain d = c.domainLookupByName(name);
            try {
                return body.apply(d);
            } finally {
                d.free();
            }
        });
    }

    /** {@link #onDomain} for calls that return nothing. */
    private void onDomainDo(String what, String name, DomainAction action) {
        onDomain(what, name, d -> {
            action.apply(d);
            return null;
        });
    }

    /** Runs a call on a storage pool looked up by name, freeing it afterwards. */
    private <T> T onPool(String what, String pool, PoolCall<T> body) {
        return call(what, c -> {
            StoragePool p = c.storagePoolLookupByName(pool);
            try {
                return body.apply(p);
            } finally {
                p.free();
            }
        });
    }

    /**
     * Lets libvirt read the pool's folder again (a disk changed behind its back shows up) before the pool is read.
     * While a disk is being made in the pool (libvirt builds an overlay with a job of its own), libvirt refuses a
     * refresh: "pool has asynchronous jobs running". The pool's list is current then for every disk made through
     * libvirt, so the refresh is skipped instead of failing the caller. The bench found this: a learner who ended a
     * lab while a warm-pool guest was being made got an error, and the session kept its disk and network.
     */
    private static void refresh(StoragePool p) throws LibvirtException {
        try {
            p.refresh(0);
        } catch (LibvirtException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (!message.contains("asynchronous jobs running")) {
                throw e;
            }
            ErrorTrap.reset();
            LOG.fine(() -> "pool refresh skipped, a disk is being made: " + message);
        }
    }

    @Override
    public HypervisorInfo info() {
        return info;
    }

    @Override
    public void ping() {
        call("reach the hypervisor", c -> c.nodeInfo());
    }

    @Override
    public void define(String domainXml) {
        call("define guest", c -> ValidatingDefine.domain(c, domainXml).free());
    }

    @Override
    public String xml(String name, XmlView view) {
        int flags = switch (view) {
            case INACTIVE -> LibvirtFlags.DOMAIN_XML_INACTIVE;
            case INACTIVE_SECURE -> LibvirtFlags.DOMAIN_XML_INACTIVE | LibvirtFlags.DOMAIN_XML_SECURE;
            case LIVE -> 0;
        };
        return onDomain("read XML of", name, d -> d.getXMLDesc(flags));
    }

    @Override
    public boolean exists(String name) {
        return state(name) != GuestState.MISSING;
    }

    @Override
    public GuestState state(String name) {
        try {
            return onDomain("state of", name, d -> toState(d.getInfo().state));
        } catch (HypervisorException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                return GuestState.MISSING;
            }
            throw e;
        }
    }

    private static GuestState toState(DomainInfo.DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING -> GuestState.RUNNING;
            case VIR_DOMAIN_BLOCKED -> GuestState.BLOCKED;
            case VIR_DOMAIN_PAUSED -> GuestState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> GuestState.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> GuestState.SHUTOFF;
            case VIR_DOMAIN_CRASHED -> GuestState.CRASHED;
            default -> GuestState.UNKNOWN;
        };
    }

    @Override
    public void start(String name) {
        onDomain("start", name, d -> {
            // drivers disagree on the error code for this (test: internal error), so decide here
            if (d.isActive() == 1) {
                throw new HypervisorException(Reason.INVALID_STATE, "start " + name + ": the guest is already running");
            }
            return d.create(LibvirtFlags.DOMAIN_CREATE_NONE);
        });
    }

    @Override
    public void shutdown(String name) {
        onDomainDo("shut down", name, Domain::shutdown);
    }

    @Override
    public void reboot(String name) {
        onDomainDo("reboot", name, d -> d.reboot(LibvirtFlags.REBOOT_DEFAULT));
    }

    @Override
    public void suspend(String name) {
        onDomainDo("suspend", name, Domain::suspend);
    }

    @Override
    public void resume(String name) {
        onDomainDo("resume", name, Domain::resume);
    }

    @Override
    public void setLiveMemory(String name, long kib) {
        onDomainDo("set the memory of", name, d -> d.setMemory(kib));
    }

    @Override
    public List<GuestVcpu> vcpus(String name) {
        return onDomain("read the vCPUs of", name, d -> {
            List<GuestVcpu> vcpus = new ArrayList<>();
            for (VcpuInfo v : d.getVcpusInfo()) {
                String state = switch (v.state) {
                    case VIR_VCPU_RUNNING -> "running";
                    case VIR_VCPU_BLOCKED -> "blocked";
                    default -> "offline";
                };
                vcpus.add(new GuestVcpu(v.number, state, v.cpuTime, v.cpu));
            }
            return vcpus;
        });
    }

    @Override
    public GuestBlockInfo blockInfo(String name, String target) {
        return onDomain("read disk " + target + " of", name, d -> {
            var info = d.blockInfo(target);
            return new GuestBlockInfo(info.getCapacity(), info.getAllocation(), info.getPhysical());
        });
    }

    @Override
    public void destroy(String name) {
        try {
            onDomain("force off", name, d -> {
                if (d.isActive() == 1) {
                    d.destroy();
                }
                return null;
            });
        } catch (HypervisorException e) {
            if (e.reason() != Reason.NOT_FOUND && e.reason() != Reason.INVALID_STATE) {
                throw e;
            }
        }
    }

    @Override
    public void undefine(String name) {
        try {
            onDomain("undefine", name, d -> {
                if (d.isPersistent() == 1) {
                    d.undefine(LibvirtFlags.UNDEFINE_SNAPSHOTS_METADATA | LibvirtFlags.UNDEFINE_MANAGED_SAVE);
                }
                return null;
            });
        } catch (HypervisorException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * In one libvirt call: libvirt-java's lists of running and of defined domains are two calls, each asking for a
     * count and then for that many names, so a guest that stops, starts or is made in between can be missed.
     */
    @Override
    public List<String> listGuests(String prefix) {
        return call("list guests", c -> withPrefix(ListAll.domains(c), prefix));
    }

    private static List<String> withPrefix(List<String> names, String prefix) {
        return names.stream().filter(name -> name != null && name.startsWith(prefix)).toList();
    }

    @Override
    public String agentCommand(String name, String json, Duration timeout) {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        return onDomain("guest agent command on", name, d -> d.qemuAgentCommand(json, seconds, 0));
    }

    @Override
    public void ensurePool(String pool, Path directory) {
        String target = directory.toAbsolutePath().normalize().toString();
        call("prepare storage pool " + pool, c -> {
            StoragePool p = lookupPool(c, pool);
            try {
                if (p != null && !target.equals(LibvirtXml.poolTarget(p.getXMLDesc(0)))) {
                    LOG.info(() -> "storage pool " + pool + " moves to " + target);
                    if (p.isActive() == 1) {
                        p.destroy();
                    }
                    p.undefine();
                    p.free();
                    p = null;
                }
                if (p == null) {
                    p = c.storagePoolDefineXML(LibvirtXml.dirPool(pool, target), 0);
                    p.build(LibvirtFlags.POOL_BUILD_NEW);
                }
                if (p.isActive() != 1) {
                    p.create(0);
                }
                p.setAutostart(1);
                return null;
            } finally {
                if (p != null) {
                    p.free();
                }
            }
        });
    }

    private static StoragePool lookupPool(Connect c, String pool) throws LibvirtException {
        try {
            return c.storagePoolLookupByName(pool);
        } catch (LibvirtException e) {
            if (LibvirtErrors.reasonOf(e, ErrorTrap.lastCode()) == Reason.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public String createOverlay(String pool, String volume, Path backingFile, long capacityBytes) {
        String xml = LibvirtXml.overlayVolume(volume, capacityBytes, backingFile.toAbsolutePath().toString());
        return onPool("create disk " + volume, pool, p -> {
            StorageVol v = p.storageVolCreateXML(xml, 0);
            try {
                return v.getPath();
            } finally {
                v.free();
            }
        });
    }

    @Override
    public String createVolume(String pool, String volume, String format, long capacityBytes) {
        String xml = LibvirtXml.emptyVolume(volume, format, capacityBytes);
        return onPool("create disk " + volume, pool, p -> {
            StorageVol v = p.storageVolCreateXML(xml, 0);
            try {
                return v.getPath();
            } finally {
                v.free();
            }
        });
    }

    @Override
    public String volumeXml(String pool, String volume) {
        return onPool("read disk " + volume, pool, p -> {
            refresh(p);
            StorageVol v = p.storageVolLookupByName(volume);
            try {
                return v.getXMLDesc(0);
            } finally {
                v.free();
            }
        });
    }

    @Override
    public void deleteVolume(String pool, String volume) {
        try {
            onPool("delete disk " + volume, pool, p -> {
                refresh(p);
                StorageVol v = p.storageVolLookupByName(volume);
                try {
                    v.delete(LibvirtFlags.VOL_DELETE_NORMAL);
                } finally {
                    v.free();
                }
                return null;
            });
        } catch (HypervisorException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** In one libvirt call (see {@link #listGuests}): a disk made meanwhile cannot push another out of the list. */
    @Override
    public List<String> listVolumes(String pool, String prefix) {
        return onPool("list disks in " + pool, pool, p -> {
            refresh(p);
            return withPrefix(ListAll.volumes(p), prefix);
        });
    }

    @Override
    public void removePool(String pool) {
        call("remove storage pool " + pool, c -> {
            StoragePool p = lookupPool(c, pool);
            if (p != null) {
                try {
                    if (p.isActive() == 1) {
                        p.destroy();
                    }
                    p.undefine();
                } finally {
                    p.free();
                }
            }
            return null;
        });
    }

    @Override
    public void removeNetwork(String network) {
        try {
            onNetwork("remove network", network, n -> {
                if (n.isActive() == 1) {
                    n.destroy();
                }
                if (n.isPersistent() == 1) {
                    n.undefine();
                }
                return null;
            });
        } catch (HypervisorException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public void ensureIsolatedNetwork(String network, String bridge) {
        // libvirt gives a new network the first free virbrN when it is defined, and the bridge appears only when
        // it starts: two networks made at once can get the same name, and the second start fails ("File exists")
        synchronized (networkCreation) {
            makeIsolatedNetwork(network, bridge);
        }
    }

    /** One network made at a time through this connection (see {@link #ensureIsolatedNetwork}). */
    private final Object networkCreation = new Object();

    private void makeIsolatedNetwork(String network, String bridge) {
        call("prepare network " + network, c -> {
            Network n;
            try {
                n = c.networkLookupByName(network);
            } catch (LibvirtException e) {
                if (LibvirtErrors.reasonOf(e, ErrorTrap.lastCode()) != Reason.NOT_FOUND) {
                    throw e;
                }
                n = ValidatingDefine.network(c, LibvirtXml.isolatedNetwork(network, bridge));
            }
            try {
                if (n.isActive() != 1) {
                    n.create();
                }
                n.setAutostart(true);
                return null;
            } finally {
                n.free();
            }
        });
    }

    @Override
    public boolean autostart(String name) {
        return onDomain("read autostart of", name, Domain::getAutostart);
    }

    @Override
    public void setAutostart(String name, boolean enabled) {
        onDomainDo("set autostart of", name, d -> d.setAutostart(enabled));
    }

    @Override
    public List<GuestSnapshot> snapshots(String name) {
        return onDomain("list snapshots of", name, d -> {
            String current = d.hasCurrentSnapshot() == 1 ? snapshotName(d.snapshotCurrent()) : null;
            List<GuestSnapshot> snapshots = new ArrayList<>();
            for (String snapshot : d.snapshotListNames()) {
                DomainSnapshot s = d.snapshotLookupByName(snapshot);
                try {
                    snapshots.add(new GuestSnapshot(snapshot, s.getXMLDesc(), snapshot.equals(current)));
                } finally {
                    s.free();
                }
            }
            snapshots.sort(java.util.Comparator.comparingLong(LibvirtHypervisor::creationTime));
            return snapshots;
        });
    }

    private static String snapshotName(DomainSnapshot s) throws LibvirtException {
        try {
            return LibvirtXml.valueOf(s.getXMLDesc(), "/domainsnapshot/name");
        } finally {
            s.free();
        }
    }

    private static long creationTime(GuestSnapshot s) {
        try {
            return Long.parseLong(LibvirtXml.valueOf(s.xml(), "/domainsnapshot/creationTime"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void createSnapshot(String name, String snapshotXml) {
        onDomainDo("take a snapshot of", name, d -> d.snapshotCreateXML(snapshotXml, 0).free());
    }

    @Override
    public void revertSnapshot(String name, String snapshot) {
        onDomain("revert to snapshot " + snapshot + " of", name, d -> {
            DomainSnapshot s = d.snapshotLookupByName(snapshot);
            try {
                return d.revertToSnapshot(s);
            } finally {
                s.free();
            }
        });
    }

    @Override
    public void deleteSnapshot(String name, String snapshot) {
        onDomain("delete snapshot " + snapshot + " of", name, d -> {
            DomainSnapshot s = d.snapshotLookupByName(snapshot);
            try {
                return s.delete(0);
            } finally {
                s.free();
            }
        });
    }

    @Override
    public String volumeXmlByPath(String path) {
        return call("read volume " + path, c -> {
            StorageVol v = c.storageVolLookupByPath(path);
            try {
                return v.getXMLDesc(0);
            } finally {
                v.free();
            }
        });
    }

    @Override
    public String poolXml(String pool) {
        return onPool("read storage pool " + pool, pool, p -> p.getXMLDesc(0));
    }

    @Override
    public String networkXml(String network) {
        return networkXml(network, XmlView.LIVE);
    }

    @Override
    public String networkXml(String network, XmlView view) {
        // libvirt's test driver keeps one definition per network and refuses the INACTIVE flag
        int flags = view == XmlView.LIVE || info.simulated() ? 0 : LibvirtFlags.NETWORK_XML_INACTIVE;
        return onNetwork("read network", network, n -> n.getXMLDesc(flags));
    }

    @Override
    public void defineNetwork(String networkXml) {
        call("define network", c -> {
            ValidatingDefine.network(c, networkXml).free();
            return null;
        });
    }

    @Override
    public void startNetwork(String network) {
        onNetwork("start network", network, n -> {
            if (n.isActive() != 1) {
                n.create();
            }
            return null;
        });
    }

    @Override
    public void stopNetwork(String network) {
        onNetwork("stop network", network, n -> {
            if (n.isActive() == 1) {
                n.destroy();
            }
            return null;
        });
    }

    /** Active and defined networks in one libvirt call (see {@link #listGuests}). */
    @Override
    public List<String> listNetworks(String prefix) {
        return call("list networks", c -> withPrefix(ListAll.networks(c), prefix));
    }

    private interface NetworkCall<T> {
        T apply(Network n) throws LibvirtException;
    }

    /** Runs a call on a network looked up by name, freeing it afterwards. */
    private <T> T onNetwork(String what, String network, NetworkCall<T> body) {
        return call(what + " " + network, c -> {
            Network n = c.networkLookupByName(network);
            try {
                return body.apply(n);
            } finally {
                n.free();
            }
        });
    }

    @Override
    public Map<String, Long> stats(String name) {
        String live = xml(name, XmlView.LIVE);
        return onDomain("read statistics of", name, d -> GuestStatistics.collect(d, live));
    }

    /**
     * A console reads with blocking stream calls, so it gets a connection of its own: the shared one keeps
     * answering grading, polls and other learners while the console waits for the guest to write.
     */
    @Override
    public GuestConsole openConsole(String name) {
        Connect own;
        try {
            own = LibvirtConnections.open(uri);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate("connect for the console of " + name, e);
        }
        try {
            Domain d = own.domainLookupByName(name);
            try {
                return new LibvirtConsole(name, ConsoleBridge.open(own, d, ConsoleBridge.CONSOLE_FORCE), own);
            } finally {
                d.free();
            }
        } catch (LibvirtException e) {
            try {
                own.close();
            } catch (LibvirtException ignored) {
                // the console never opened; nothing else uses this connection
            }
            throw LibvirtErrors.translate("open the console of " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (LibvirtException e) {
            LOG.fine(() -> "closing libvirt connection: " + e.getMessage());
        }
    }
}
