package org.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.StoragePoolPointer;

/**
 * Lists every domain, network or volume in one libvirt call ({@code virConnectListAllDomains},
 * {@code virConnectListAllNetworks}, {@code virStoragePoolListAllVolumes}), which libvirt-java 0.5.2 does not
 * bind. Its own listings ask for the count first, then for that many names: an object made in between pushes an
 * arbitrary name out of the answer, and a domain that stops between its list of running domains and its list of
 * defined ones is in neither. The ListAll calls take one snapshot. Only kvmlab's libvirt adapter uses this; it
 * lives in libvirt-java's package because the connection and pool pointers are not public there.
 */
public final class ListAll {

    private interface Virt extends Library {
        Virt INSTANCE = Native.load("virt", Virt.class);

        int virConnectListAllDomains(ConnectionPointer connection, PointerByReference domains, int flags);

        int virConnectListAllNetworks(ConnectionPointer connection, PointerByReference networks, int flags);

        int virStoragePoolListAllVolumes(StoragePoolPointer pool, PointerByReference volumes, int flags);

        String virDomainGetName(Pointer domain);

        int virDomainFree(Pointer domain);

        String virNetworkGetName(Pointer network);

        int virNetworkFree(Pointer network);

        String virStorageVolGetName(Pointer volume);

        int virStorageVolFree(Pointer volume);
    }

    private ListAll() {
    }

    /** The names of every domain, running or only defined. */
    public static List<String> domains(Connect connection) throws LibvirtException {
        PointerByReference array = new PointerByReference();
        int count = Virt.INSTANCE.virConnectListAllDomains(connection.vcp, array, 0);
        java.lang.ref.Reference.reachabilityFence(connection);
        return names(count, array, Virt.INSTANCE::virDomainGetName, Virt.INSTANCE::virDomainFree);
    }

    /** The names of every network, active or only defined. */
    public static List<String> networks(Connect connection) throws LibvirtException {
        PointerByReference array = new PointerByReference();
        int count = Virt.INSTANCE.virConnectListAllNetworks(connection.vcp, array, 0);
        java.lang.ref.Reference.reachabilityFence(connection);
        return names(count, array, Virt.INSTANCE::virNetworkGetName, Virt.INSTANCE::virNetworkFree);
    }

    /** The names of every volume of a storage pool, as libvirt last saw them (refresh the pool first if needed). */
    public static List<String> volumes(StoragePool pool) throws LibvirtException {
        PointerByReference array = new PointerByReference();
        int count = Virt.INSTANCE.virStoragePoolListAllVolumes(pool.vspp, array, 0);
        java.lang.ref.Reference.reachabilityFence(pool);
        return names(count, array, Virt.INSTANCE::virStorageVolGetName, Virt.INSTANCE::virStorageVolFree);
    }

    /** Reads each object's name, then frees every object and the array libvirt allocated for them. */
    private static List<String> names(int count, PointerByReference array, Function<Pointer, String> name,
                                      Consumer<Pointer> free) throws LibvirtException {
        if (count < 0) {
            throw new LibvirtException(new Error(org.libvirt.jna.Libvirt.INSTANCE.virGetLastError()));
        }
        Pointer objects = array.getValue();
        if (objects == null) {
            return List.of();
        }
        Pointer[] items = objects.getPointerArray(0, count);
        List<String> names = new ArrayList<>(count);
        try {
            for (Pointer item : items) {
                names.add(name.apply(item));
            }
        } finally {
            for (Pointer item : items) {
                free.accept(item);
            }
            Native.free(Pointer.nativeValue(objects));
        }
        return names;
    }
}
