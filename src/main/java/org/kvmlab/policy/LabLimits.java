package org.kvmlab.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The caps a lab sets on what a learner may make in one session, besides each guest's memory and vCPUs
 * ({@link GuestLimits}): snapshots per guest, volumes of their own, and how large each volume may be. A lab may
 * lower the platform's caps, never raise them.
 */
public record LabLimits(int snapshotsPerGuest, int volumes, int volumeGiB) {

    /** The platform's caps, and the default for labs that say nothing. */
    public static final LabLimits PLATFORM = new LabLimits(10, 4, 8);

    public long volumeBytes() {
        return (long) volumeGiB << 30;
    }

    /** What is wrong with these caps as a lab's, in words for its author; empty when they are fine. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        check(out, "snapshots", snapshotsPerGuest, PLATFORM.snapshotsPerGuest, 0);
        check(out, "volumes", volumes, PLATFORM.volumes, 0);
        check(out, "volumeGiB", volumeGiB, PLATFORM.volumeGiB, 1);
        return out;
    }

    private static void check(List<String> out, String name, int value, int most, int least) {
        if (value < least || value > most) {
            out.add(name + " must be between " + least + " and " + most + " (the platform's cap), not " + value);
        }
    }
}
