package org.kvmlab.catalog;

import java.util.List;

/** A reference solution in words a learner can follow: what to change in the XML, and what to do. */
public final class SolutionText {

    private SolutionText() {
    }

    public static String describe(List<SolutionOperation> operations) {
        if (operations.isEmpty()) {
            return "This step needs no change: read its text and press Check.";
        }
        StringBuilder out = new StringBuilder();
        int n = 1;
        for (SolutionOperation op : operations) {
            if (op instanceof SolutionOperation.EditXml edit) {
                for (XmlEdit e : edit.edits()) {
                    out.append(n++).append(". In the XML of ").append(edit.guest()).append(": ").append(describe(e))
                            .append('\n');
                }
                out.append(n++).append(". Apply.\n");
            } else if (op instanceof SolutionOperation.Power power) {
                out.append(n++).append(". ").append(power(power.action())).append(' ').append(power.guest())
                        .append(".\n");
            } else if (op instanceof SolutionOperation.GuestCommand command) {
                out.append(n++).append(". Inside ").append(command.guest()).append(", run: ")
                        .append(String.join(" ", command.command())).append('\n');
            } else if (op instanceof SolutionOperation.Snapshot snapshot) {
                out.append(n++).append(". Take a snapshot of ").append(snapshot.guest()).append(" named '")
                        .append(snapshot.name()).append("' (virsh snapshot-create-as ").append(snapshot.guest())
                        .append(' ').append(snapshot.name()).append(").\n");
            } else if (op instanceof SolutionOperation.Autostart autostart) {
                out.append(n++).append(". virsh autostart ").append(autostart.guest())
                        .append(autostart.enabled() ? "" : " --disable").append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    private static String describe(XmlEdit e) {
        if (e instanceof XmlEdit.Set set) {
            return set.attribute() == null ? "set " + set.xpath() + " to '" + set.value() + "'"
                    : "set the attribute " + set.attribute() + " of " + set.xpath() + " to '" + set.value() + "'";
        } else if (e instanceof XmlEdit.Remove remove) {
            return "remove " + remove.xpath();
        }
        XmlEdit.Add add = (XmlEdit.Add) e;
        return "add " + add.fragment() + " inside " + add.xpath();
    }

    private static String power(String action) {
        return switch (action) {
            case "restart" -> "Power cycle";
            case "shutdown" -> "Shut down";
            case "destroy" -> "Force off";
            case "reboot" -> "Reboot";
            default -> "Start";
        };
    }
}
