package org.kvmlab.catalog;

/**
 * A guest a lab runs on: the learner's name for it, its starting domain XML (learner-visible parts only;
 * the platform adds what it owns), and the caps the learner cannot exceed.
 *
 * @param platformAgentChannel true when the platform adds and keeps the guest agent channel; false when the
 *     lab has the learner add it (the guest then starts without one)
 * @param domainFile the file in the lab folder the starting XML came from
 */
public record LabGuest(String name, String domainXml, int maxMemoryMiB, int maxVcpus, boolean platformAgentChannel,
                       String domainFile) {
}
