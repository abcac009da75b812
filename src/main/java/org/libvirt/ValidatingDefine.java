package org.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.NetworkPointer;

/**
 * Defines domains and networks with libvirt's schema validation on ({@code virDomainDefineXMLFlags} and
 * {@code virNetworkDefineXMLFlags} with their VALIDATE flag), which libvirt-java 0.5.2 does not bind. Without
 * validation libvirt silently drops elements it does not know, so what kvmlab judged and what libvirt keeps
 * could differ. It lives in libvirt-java's package because the connection pointer and the Domain and Network
 * constructors are package-private there; only kvmlab's libvirt adapter uses it.
 */
public final class ValidatingDefine {

    /** VIR_DOMAIN_DEFINE_VALIDATE: validate the XML document against libvirt's schema. */
    public static final int DOMAIN_DEFINE_VALIDATE = 1;
    /** VIR_NETWORK_DEFINE_VALIDATE. */
    public static final int NETWORK_DEFINE_VALIDATE = 1;

    private interface Virt extends Library {
        Virt INSTANCE = Native.load("virt", Virt.class);

        DomainPointer virDomainDefineXMLFlags(ConnectionPointer connection, String xml, int flags);

        NetworkPointer virNetworkDefineXMLFlags(ConnectionPointer connection, String xml, int flags);
    }

    private ValidatingDefine() {
    }

    /** Defines (or redefines) a domain after libvirt validated its XML; the caller frees the result. */
    public static Domain domain(Connect connection, String xml) throws LibvirtException {
        DomainPointer pointer = Virt.INSTANCE.virDomainDefineXMLFlags(connection.vcp, xml, DOMAIN_DEFINE_VALIDATE);
        java.lang.ref.Reference.reachabilityFence(connection);
        if (pointer == null) {
            throw lastError();
        }
        return new Domain(connection, pointer);
    }

    /** Defines (or redefines) a network after libvirt validated its XML; the caller frees the result. */
    public static Network network(Connect connection, String xml) throws LibvirtException {
        NetworkPointer pointer = Virt.INSTANCE.virNetworkDefineXMLFlags(connection.vcp, xml, NETWORK_DEFINE_VALIDATE);
        java.lang.ref.Reference.reachabilityFence(connection);
        if (pointer == null) {
            throw lastError();
        }
        return new Network(connection, pointer);
    }

    private static LibvirtException lastError() {
        return new LibvirtException(new Error(org.libvirt.jna.Libvirt.INSTANCE.virGetLastError()));
    }
}
