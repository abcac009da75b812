package org.kvmlab.session;

import java.util.Locale;

/** The life of a lab session. Only STARTING and RUNNING sessions own guests. */
public enum SessionState {
    STARTING, RUNNING, ENDED, EXPIRED, FAILED, LOST;

    public boolean isLive() {
        return this == STARTING || this == RUNNING;
    }

    /** The API's spelling. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
