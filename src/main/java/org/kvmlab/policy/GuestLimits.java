package org.kvmlab.policy;

/** The most memory and vCPUs a learner may give a guest in a lab. */
public record GuestLimits(int maxMemoryMiB, int maxVcpus) {
}
