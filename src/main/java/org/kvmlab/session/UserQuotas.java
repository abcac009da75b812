package org.kvmlab.session;

import java.util.List;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;

/**
 * What one person may hold at once across all their live lab sessions: guests, memory, vCPUs and disk space of
 * their own volumes. A lab reserves the most its guests may ever use (each guest's memory and vCPU caps), so a
 * session admitted at start can never take its learner over the caps later. A request over a cap is refused
 * before anything is made, with what is in use and what to do.
 */
public final class UserQuotas {

    /** The caps, per person. */
    public record Caps(int guests, int memoryMiB, int vcpus, int diskGiB) {
    }

    /** A request over one of the caps; nothing was made. */
    public static final class OverQuota extends SessionException {
        private static final long serialVersionUID = 1L;

        public OverQuota(String message) {
            super(Kind.CONFLICT, message);
        }
    }

    private final Caps caps;

    public UserQuotas(Caps caps) {
        this.caps = caps;
    }

    public Caps caps() {
        return caps;
    }

    /**
     * Admits starting {@code lab} next to the labs of the person's live sessions.
     *
     * @throws OverQuota when the new lab would take them over a cap
     */
    public void admitStart(List<Lab> running, Lab lab) {
        int guests = count(running) + lab.guests().size();
        int memory = memory(running) + memory(List.of(lab));
        int vcpus = vcpus(running) + vcpus(List.of(lab));
        String yours = running.isEmpty() ? "" : " Your running labs hold " + count(running) + " guests, "
                + memory(running) + " MiB and " + vcpus(running) + " vCPUs.";
        String what = "This lab needs " + lab.guests().size() + " guest" + (lab.guests().size() == 1 ? "" : "s")
                + " with up to " + memory(List.of(lab)) + " MiB and " + vcpus(List.of(lab)) + " vCPUs.";
        if (guests > caps.guests() || memory > caps.memoryMiB() || vcpus > caps.vcpus()) {
            throw new OverQuota(what + yours + " Together that is more than you may have at once ("
                    + caps.guests() + " guests, " + caps.memoryMiB() + " MiB, " + caps.vcpus() + " vCPUs)."
                    + (running.isEmpty() ? " Ask your instructor or an admin about this lab."
                    : " End one of your running labs first."));
        }
    }

    /**
     * Admits a new volume of {@code bytes} when the person's volumes already hold {@code inUse} bytes.
     *
     * @throws OverQuota when the volume would take them over their disk cap
     */
    public void admitVolume(long inUse, long bytes) {
        long cap = (long) caps.diskGiB() << 30;
        if (inUse + bytes > cap) {
            throw new OverQuota("Your volumes may hold " + caps.diskGiB() + " GiB in all, across your running labs;"
                    + " they hold " + gib(inUse) + " GiB, so there is no room for " + gib(bytes) + " GiB more."
                    + " Delete a volume (vol-delete) or make a smaller one.");
        }
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) (1L << 30));
    }

    private static int count(List<Lab> labs) {
        return labs.stream().mapToInt(l -> l.guests().size()).sum();
    }

    private static int memory(List<Lab> labs) {
        return labs.stream().flatMap(l -> l.guests().stream()).mapToInt(LabGuest::maxMemoryMiB).sum();
    }

    private static int vcpus(List<Lab> labs) {
        return labs.stream().flatMap(l -> l.guests().stream()).mapToInt(LabGuest::maxVcpus).sum();
    }
}
