package org.kvmlab.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Moments as the instructor and admin pages show them: minutes, in UTC, the zone the audit filters use. */
@Named
@ApplicationScoped
public class Times {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** "2025-05-01 14:30 UTC"; empty for no moment. */
    public String minute(Instant at) {
        return at == null ? "" : MINUTES.format(at);
    }

    /** "2025-05-01 14:30:05 UTC", for the audit trail and shell history. */
    public String second(Instant at) {
        return at == null ? "" : SECONDS.format(at);
    }
}
