package org.kvmlab.classroom;

import java.time.Instant;

/**
 * One of a student's lab sessions, live or past, as their instructor sees it.
 *
 * @param labVersion the lab version it ran (null for sessions from before versions were stored)
 * @param endedAt    when it ended (null while live)
 * @param note       why it ended the way it did
 */
public record StudentSession(String id, String lab, String labTitle, Integer labVersion, String state,
                             Instant startedAt, Instant expiresAt, Instant endedAt, String note, boolean live) {
}
