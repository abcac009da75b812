package org.kvmlab.web;

import java.time.Duration;
import java.time.Instant;

/** How a wait in the boot queue reads on a page. */
final class Waiting {

    private Waiting() {
    }

    /** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st. */
    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /** "about 8 s", "about 2 min", or "any moment now" when the estimate is past or missing. */
    static String estimate(Instant readyAt, Instant now) {
        if (readyAt == null || !readyAt.isAfter(now.plusSeconds(1))) {
            return "Ready any moment now.";
        }
        long seconds = Duration.between(now, readyAt).toSeconds() + 1;
        return seconds < 90 ? "Ready in about " + seconds + " s." : "Ready in about " + ((seconds + 30) / 60)
                + " min.";
    }
}
