package org.kvmlab.session;

import java.util.Locale;
import java.util.Optional;

/** What a learner can do to a guest's power: the buttons on the lab page and the REST actions. */
public enum PowerAction {
    START,
    SHUTDOWN,
    DESTROY,
    REBOOT,
    /** Power cycle: shut down cleanly (forced after a grace period), then start, so new XML takes effect. */
    RESTART;

    /** Parses the REST/YAML spelling (lower case). */
    public static Optional<PowerAction> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (PowerAction action : values()) {
            if (action.name().toLowerCase(Locale.ROOT).equals(text)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
