package org.kvmlab.guest.libvirt;

/**
 * Flag values from libvirt's public C headers that libvirt-java 0.5.2 does not expose publicly.
 * Named here once, so no call site carries a bare number.
 */
final class LibvirtFlags {
    /** virDomainXMLFlags: VIR_DOMAIN_XML_SECURE (include passwords). */
    static final int DOMAIN_XML_SECURE = 1;
    /** virDomainXMLFlags: VIR_DOMAIN_XML_INACTIVE. */
    static final int DOMAIN_XML_INACTIVE = 1 << 1;
    /** virDomainUndefineFlagsValues: VIR_DOMAIN_UNDEFINE_MANAGED_SAVE. */
    static final int UNDEFINE_MANAGED_SAVE = 1;
    /** virDomainUndefineFlagsValues: VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA. */
    static final int UNDEFINE_SNAPSHOTS_METADATA = 1 << 1;
    /** virDomainRebootFlagValues: VIR_DOMAIN_REBOOT_DEFAULT (hypervisor's choice: agent, else ACPI). */
    static final int REBOOT_DEFAULT = 0;
    /** virStorageVolDeleteFlags: VIR_STORAGE_VOL_DELETE_NORMAL. */
    static final int VOL_DELETE_NORMAL = 0;
    /** virStoragePoolBuildFlags: VIR_STORAGE_POOL_BUILD_NEW. */
    static final int POOL_BUILD_NEW = 0;
    /** virNetworkXMLFlags: VIR_NETWORK_XML_INACTIVE (the definition for the next start). */
    static final int NETWORK_XML_INACTIVE = 1;
    /** virDomainCreateFlags: VIR_DOMAIN_NONE. */
    static final int DOMAIN_CREATE_NONE = 0;

    private LibvirtFlags() {
    }
}
