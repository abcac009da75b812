package org.kvmlab.guest.libvirt;

import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.HypervisorException.Reason;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

/** Maps libvirt error codes (never their text) to the port's failure reasons. */
final class LibvirtErrors {

    /** virErrorNumber values newer than libvirt-java 0.5.2's enum. */
    private static final int OPERATION_UNSUPPORTED = 84;
    private static final int AGENT_UNRESPONSIVE = 86;
    private static final int RESOURCE_BUSY = 87;
    private static final int STORAGE_VOL_EXIST = 90;
    private static final int XML_INVALID_SCHEMA = 92;
    private static final int AGENT_UNSYNCED = 97;
    private static final int DEVICE_MISSING = 99;

    private LibvirtErrors() {
    }

    static Reason reasonOf(LibvirtException e, int rawCode) {
        Error error = e.getError();
        Error.ErrorNumber code = error == null ? null : error.getCode();
        if (code == null || code == Error.ErrorNumber.VIR_ERR_UNKNOWN) {
            return reasonOfRaw(rawCode);
        }
        return switch (code) {
            case VIR_ERR_NO_DOMAIN, VIR_ERR_NO_STORAGE_POOL, VIR_ERR_NO_STORAGE_VOL, VIR_ERR_NO_NETWORK,
                 VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_ERR_NO_DOMAIN_METADATA -> Reason.NOT_FOUND;
            case VIR_ERR_XML_ERROR, VIR_ERR_XML_DETAIL, VIR_ERR_CONFIG_UNSUPPORTED, VIR_ERR_INVALID_ARG,
                 VIR_ERR_DOM_EXIST, VIR_ERR_OS_TYPE, VIR_ERR_NO_KERNEL, VIR_ERR_NO_SOURCE, VIR_ERR_NO_TARGET,
                 VIR_ERR_NO_NAME, VIR_ERR_NO_OS, VIR_ERR_NO_DEVICE, VIR_ERR_INVALID_MAC -> Reason.INVALID_CONFIG;
            case VIR_ERR_OPERATION_INVALID -> Reason.INVALID_STATE;
            case VIR_ERR_NO_SUPPORT, VIR_ERR_ARGUMENT_UNSUPPORTED -> Reason.UNSUPPORTED;
            case VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN, VIR_ERR_RPC, VIR_ERR_AUTH_FAILED -> Reason.CONNECTION;
            case VIR_ERR_OPERATION_TIMEOUT -> Reason.TIMEOUT;
            default -> Reason.FAILED;
        };
    }

    private static Reason reasonOfRaw(int rawCode) {
        return switch (rawCode) {
            case AGENT_UNRESPONSIVE, AGENT_UNSYNCED -> Reason.AGENT_UNAVAILABLE;
            case OPERATION_UNSUPPORTED -> Reason.UNSUPPORTED;
            case XML_INVALID_SCHEMA, STORAGE_VOL_EXIST -> Reason.INVALID_CONFIG;
            case RESOURCE_BUSY -> Reason.INVALID_STATE;
            case DEVICE_MISSING -> Reason.NOT_FOUND;
            default -> Reason.FAILED;
        };
    }

    static HypervisorException translate(String what, LibvirtException e) {
        Error error = e.getError();
        String detail = error != null && error.getMessage() != null ? error.getMessage() : e.getMessage();
        return new HypervisorException(reasonOf(e, ErrorTrap.lastCode()), what + ": " + detail, e);
    }
}
