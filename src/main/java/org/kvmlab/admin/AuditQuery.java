package org.kvmlab.admin;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;

/**
 * A page of the audit trail as an admin asks for it, read from text (query parameters, form fields). Dates
 * are UTC: a day ({@code 2025-05-01}) means the whole day, for {@code until} too; a time
 * ({@code 2025-05-01T14:30}, or an instant with zone {@code …Z}) means from or before that moment.
 */
public record AuditQuery(AuditLog.Filter filter, int offset, int limit) {

    public static final int DEFAULT_LIMIT = 50;

    public AuditQuery {
        if (offset < 0 || limit < 1 || limit > AuditLog.MAX_PAGE) {
            throw new AdminException(AdminException.Kind.INVALID, "Ask for 1 to " + AuditLog.MAX_PAGE
                    + " events from an offset of 0 or more.");
        }
    }

    /** Reads the query; blank parts mean "any". */
    public static AuditQuery parse(String actor, String action, String subject, String from, String until,
                                   String offset, String limit) {
        Instant start = moment("from", from, false);
        Instant end = moment("until", until, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new AdminException(AdminException.Kind.INVALID, "'from' must be before 'until'.");
        }
        return new AuditQuery(new AuditLog.Filter(blankToNull(actor), action(action), blankToNull(subject), start,
                end), number("offset", offset, 0), number("limit", limit, DEFAULT_LIMIT));
    }

    /** The next page (older events). */
    public AuditQuery next() {
        return new AuditQuery(filter, offset + limit, limit);
    }

    /** The previous page (newer events). */
    public AuditQuery previous() {
        return new AuditQuery(filter, Math.max(0, offset - limit), limit);
    }

    private static AuditAction action(String name) {
        String value = blankToNull(name);
        if (value == null) {
            return null;
        }
        return Arrays.stream(AuditAction.values()).filter(a -> a.name().equals(value.toUpperCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new AdminException(AdminException.Kind.INVALID, "There is no audit"
                        + " action '" + value + "'. Use one of: " + Arrays.stream(AuditAction.values())
                        .map(Enum::name).collect(Collectors.joining(", ")) + "."));
    }

    private static Instant moment(String field, String text, boolean endOfDay) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(value, OffsetDateTime::from,
                    LocalDateTime::from);
            return parsed instanceof OffsetDateTime zoned ? zoned.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new AdminException(AdminException.Kind.INVALID, "'" + field + "' is not a date: write a day like"
                    + " 2025-05-01, or a time like 2025-05-01T14:30 (UTC).");
        }
    }

    private static int number(String field, String text, int otherwise) {
        String value = blankToNull(text);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new AdminException(AdminException.Kind.INVALID, "'" + field + "' must be a whole number.");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
