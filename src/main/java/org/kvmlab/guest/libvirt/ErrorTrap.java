package org.kvmlab.guest.libvirt;

import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;

/**
 * libvirt's global error handler, installed once. It keeps libvirt from printing every error to stderr, and
 * records the raw error code per thread: libvirt-java 0.5.2 maps codes newer than its enum (such as
 * VIR_ERR_AGENT_UNRESPONSIVE) to "unknown", so the raw number is the only reliable source.
 */
final class ErrorTrap implements Libvirt.VirErrorCallback {

    private static final ThreadLocal<Integer> LAST_CODE = ThreadLocal.withInitial(() -> 0);
    /** Held statically: JNA callbacks that get collected crash the process when libvirt calls them. */
    private static final ErrorTrap INSTANCE = new ErrorTrap();
    private static volatile boolean installed;

    private ErrorTrap() {
    }

    static synchronized void install() throws LibvirtException {
        if (!installed) {
            Connect.setErrorCallback(INSTANCE);
            installed = true;
        }
    }

    @Override
    public void errorCallback(Pointer userData, virError error) {
        LAST_CODE.set(error == null ? 0 : error.code);
    }

    /** Forgets the last code, before a new call. */
    static void reset() {
        LAST_CODE.set(0);
    }

    /** The raw virErrorNumber of the last error on this thread, 0 when none. */
    static int lastCode() {
        return LAST_CODE.get();
    }
}
