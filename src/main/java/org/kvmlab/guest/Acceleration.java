package org.kvmlab.guest;

/** How guests execute: hardware virtualisation, or QEMU's TCG emulation where KVM does not work. */
public enum Acceleration {
    KVM("kvm"),
    TCG("qemu");

    private final String domainType;

    Acceleration(String domainType) {
        this.domainType = domainType;
    }

    /** The value of {@code <domain type=…>} for this acceleration. */
    public String domainType() {
        return domainType;
    }
}
