package org.kvmlab.guest;

/** Which domain XML to read: the stored definition, or what the running guest uses now. */
public enum XmlView {
    /** The persistent configuration, used at the next boot. */
    INACTIVE,
    /** The running guest's configuration (the definition when the guest is off). */
    LIVE,
    /** The persistent configuration including secrets such as a console password: never shown to a page. */
    INACTIVE_SECURE
}
