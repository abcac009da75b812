package org.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.StreamPointer;

/**
 * The one libvirt call kvmlab needs that libvirt-java 0.5.2 does not bind: {@code virDomainOpenConsole}.
 * It lives in libvirt-java's own package because the native pointers of {@link Domain} and {@link Stream}
 * are package-private there; only kvmlab's libvirt adapter uses it.
 */
public final class ConsoleBridge {

    /** virDomainConsoleFlags: VIR_DOMAIN_CONSOLE_FORCE, take the console over from another client. */
    public static final int CONSOLE_FORCE = 1;

    private interface Virt extends Library {
        Virt INSTANCE = Native.load("virt", Virt.class);

        int virDomainOpenConsole(DomainPointer domain, String device, StreamPointer stream, int flags);
    }

    private ConsoleBridge() {
    }

    /**
     * Connects a new blocking stream to the guest's first console (its serial port); the caller frees the
     * stream. Throws with libvirt's last error when the console cannot be opened.
     */
    public static Stream open(Connect connection, Domain domain, int flags) throws LibvirtException {
        Stream stream = connection.streamNew(0);
        int result = Virt.INSTANCE.virDomainOpenConsole(domain.vdp, null, stream.getVsp(), flags);
        java.lang.ref.Reference.reachabilityFence(domain);
        if (result < 0) {
            stream.free();
            throw new LibvirtException(new org.libvirt.Error(org.libvirt.jna.Libvirt.INSTANCE.virGetLastError()));
        }
        return stream;
    }
}
