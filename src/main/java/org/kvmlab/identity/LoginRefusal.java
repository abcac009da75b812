package org.kvmlab.identity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Why a sign-in was refused without looking at the password, and until when. The same words for a real
 * account and for a user name that does not exist, so the answer tells nobody which accounts exist.
 */
public record LoginRefusal(Reason reason, Instant until) {

    /** The request attribute under which the sign-in page finds the refusal. */
    public static final String ATTRIBUTE = "org.kvmlab.identity.LoginRefusal";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public enum Reason {
        /** Too many wrong passwords in a row for this user name. */
        ACCOUNT_LOCKED,
        /** Too many wrong passwords from this network address. */
        ADDRESS_BLOCKED
    }

    /** Whole seconds to wait, rounded up and at least 1: the HTTP Retry-After value. */
    public long retryAfterSeconds(Instant now) {
        return Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
    }

    /** What happened and what to do next, for the person signing in. */
    public String message(Instant now) {
        String when = TIME.format(until) + " (" + inMinutes(now) + ")";
        return switch (reason) {
            case ACCOUNT_LOCKED -> "Too many wrong passwords: this account is locked until " + when
                    + ". Wait until then and sign in again, or ask an admin to unlock it.";
            case ADDRESS_BLOCKED -> "Too many wrong passwords came from your network address: signing in from it is"
                    + " paused until " + when + ". Wait until then; if you share the network with others, tell"
                    + " your instructor.";
        };
    }

    private String inMinutes(Instant now) {
        long minutes = (retryAfterSeconds(now) + 59) / 60;
        return minutes == 1 ? "in 1 minute" : "in " + minutes + " minutes";
    }
}
