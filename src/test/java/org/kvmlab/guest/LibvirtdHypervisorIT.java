package org.kvmlab.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.testing.TestEnvironment;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/** The hypervisor contract on the real libvirtd (qemu:///system) with real QEMU guests. */
class LibvirtdHypervisorIT extends HypervisorContract {

    @Override
    Hypervisor open(Path work) {
        // QEMU runs as an unprivileged user: the temporary folder must be reachable for it
        TestEnvironment.makeTraversable(work);
        return LibvirtHypervisor.connect("qemu:///system");
    }

    @Override
    GuestImage image(Path work) {
        return TestEnvironment.guestImage();
    }

    @Override
    Acceleration acceleration() {
        return TestEnvironment.acceleration();
    }

    /**
     * While a disk is being made in a pool, libvirt holds a job on the pool and refuses to refresh it. Reading and
     * deleting the other disks of the pool must work all the same: a learner ends a lab while a warm-pool guest's
     * disk is being made. A copy of a large disk, made on a connection of its own, holds the job for a while.
     */
    @Test
    void disksAreListedReadAndDeletedWhileAnotherDiskIsBeingMade() throws Exception {
        hypervisor.ensurePool(pool, Files.createDirectories(work.resolve("busy")));
        hypervisor.createVolume(pool, prefix + "big.raw", "raw", 1L << 30);
        hypervisor.createVolume(pool, prefix + "other.raw", "raw", 1L << 20);
        Connect copier = new Connect("qemu:///system");
        CompletableFuture<Void> copy = CompletableFuture.runAsync(() -> copy(copier, prefix + "big.raw",
                prefix + "copy.raw"));
        try {
            int whileCopying = 0;
            while (!copy.isDone()) {
                assertThat(hypervisor.listVolumes(pool, prefix)).contains(prefix + "big.raw", prefix + "other.raw");
                assertThat(hypervisor.volumeXml(pool, prefix + "other.raw")).contains(prefix + "other.raw");
                if (!copy.isDone()) {
                    whileCopying++;
                }
            }
            copy.join();
            assertThat(whileCopying).as("calls that ran while the copy held its job on the pool").isPositive();
            hypervisor.deleteVolume(pool, prefix + "other.raw");
            assertThat(hypervisor.listVolumes(pool, prefix)).containsExactlyInAnyOrder(prefix + "big.raw",
                    prefix + "copy.raw");
        } finally {
            // the pool can be removed only when the copy is over
            copy.exceptionally(e -> null).join();
            copier.close();
        }
    }

    /**
     * Listings answer in one libvirt call: taken while other guests, disks and networks come and go, they miss none
     * of those that stay. libvirt-java's own listings ask for a count, then for that many names, so a disk made in
     * between pushed another out of the answer (a recycled warm-pool guest's disk was left behind that way), and
     * a guest that changed state between its lists of running and of defined domains was in neither.
     */
    @Test
    void listingsMissNothingWhileOtherObjectsComeAndGo() throws Exception {
        List<String> guests = List.of(defineGuest("kept0"), defineGuest("kept1"));
        List<String> disks = hypervisor.listVolumes(pool, prefix);
        assertThat(disks).hasSize(2);
        String network = prefix + "net";
        hypervisor.ensureIsolatedNetwork(network, null);
        String churning = prefix + "churn";
        CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < CHURN; i++) {
                try {
                    String guest = defineGuest("churn" + i);
                    hypervisor.ensureIsolatedNetwork(churning, null);
                    hypervisor.undefine(guest);
                    hypervisor.deleteVolume(pool, guest + "-disk0.qcow2");
                    hypervisor.removeNetwork(churning);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        int looks = 0;
        try {
            while (!churn.isDone()) {
                assertThat(hypervisor.listGuests(prefix)).containsAll(guests);
                assertThat(hypervisor.listVolumes(pool, prefix)).containsAll(disks);
                assertThat(hypervisor.listNetworks(prefix)).contains(network);
                looks++;
            }
            churn.join();
        } finally {
            churn.exceptionally(e -> null).join();
            hypervisor.removeNetwork(churning);
        }
        assertThat(looks).as("listings taken while objects came and went").isGreaterThan(CHURN);
    }

    /** Guests, disks and networks made and removed beside the listings. */
    private static final int CHURN = 40;

    private void copy(Connect c, String from, String to) {
        try {
            StoragePool p = c.storagePoolLookupByName(pool);
            StorageVol source = p.storageVolLookupByName(from);
            String xml = "<volume><name>" + to + "</name><capacity>" + (1L << 30) + "</capacity>"
                    + "<target><format type='raw'/></target></volume>";
            p.storageVolCreateXMLFrom(xml, source, 0).free();
            source.free();
            p.free();
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }
}
