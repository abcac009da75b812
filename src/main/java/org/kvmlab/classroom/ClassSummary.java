package org.kvmlab.classroom;

import java.time.Instant;

/**
 * A class as a list shows it.
 *
 * @param code    the join code as people type it ({@code 7K3QM-9XPDA}); null for students, who joined already
 * @param members how many students are in it
 */
public record ClassSummary(long id, String name, String instructor, String code, int members, Instant createdAt) {
}
