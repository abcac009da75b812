package org.kvmlab.catalog;

import java.util.List;

/** One platform operation of a reference solution: never a host shell command. */
public sealed interface SolutionOperation permits SolutionOperation.EditXml, SolutionOperation.Power,
        SolutionOperation.GuestCommand, SolutionOperation.Snapshot, SolutionOperation.Autostart {

    /** The learner's name of the guest the operation acts on. */
    String guest();

    /** Edits the guest's inactive domain XML, as a learner would in the editor, then applies it. */
    record EditXml(String guest, List<XmlEdit> edits) implements SolutionOperation {
        public EditXml {
            edits = List.copyOf(edits);
        }
    }

    /** A power action: start, shutdown, destroy, reboot, or restart (shut down, wait, start). */
    record Power(String guest, String action) implements SolutionOperation {
    }

    /** A command run inside the guest through the guest agent, as the learner would type it in the guest. */
    record GuestCommand(String guest, List<String> command) implements SolutionOperation {
        public GuestCommand {
            command = List.copyOf(command);
        }
    }

    /** Takes an internal snapshot with this name and description. */
    record Snapshot(String guest, String name, String description) implements SolutionOperation {
    }

    /** Turns the guest's autostart flag on or off. */
    record Autostart(String guest, boolean enabled) implements SolutionOperation {
    }
}
