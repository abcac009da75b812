package org.kvmlab.classroom;

import java.time.Instant;
import java.util.List;

/** A class with its students, as its instructor (or an admin) sees it. */
public record ClassDetail(long id, String name, String instructor, String code, Instant createdAt,
                          List<Member> members) {

    public ClassDetail {
        members = List.copyOf(members);
    }

    /** A student in the class, and how many labs they are running now. */
    public record Member(String username, Instant joinedAt, int liveSessions) {
    }
}
