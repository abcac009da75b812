package org.kvmlab.classroom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.identity.Role;
import org.kvmlab.identity.UserAccount;
import org.kvmlab.identity.UserService;

/**
 * Classes: instructors (and admins) make them and hand out their join codes; students join and leave. An
 * instructor only ever finds their own classes, an admin every class, a student the classes they are in:
 * anything else answers "not found", exactly like a class that does not exist. Roles are read from the
 * database on every call, so a role an admin took away stops working at once, whatever a sign-in remembers.
 */
@ApplicationScoped
public class ClassroomService {

    @Inject
    ClassStore store;

    @Inject
    StudentWorkStore work;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    JoinThrottle throttle;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    /** The outcome of a join: the class, and whether the student was in it already. */
    public record Joined(ClassSummary classroom, boolean alreadyMember) {
    }

    /** Instructor: their own classes; admin: every class; student: the classes they joined. */
    public List<ClassSummary> classesOf(String caller) {
        Role role = role(caller);
        List<Classroom> classes = switch (role) {
            case ADMIN -> store.all();
            case INSTRUCTOR -> store.ownedBy(caller);
            case STUDENT -> store.joinedBy(caller);
        };
        Map<Long, Integer> counts = store.memberCounts();
        return classes.stream().map(c -> summary(c, role != Role.STUDENT, counts.getOrDefault(c.id(), 0)))
                .toList();
    }

    /** A new class owned by the caller, with a fresh join code. */
    public ClassSummary create(String caller, String name) {
        requireTeacher(caller);
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > Classroom.MAX_NAME || clean.chars().anyMatch(Character::isISOControl)) {
            throw new ClassroomException(ClassroomException.Kind.INVALID, "Give the class a name of 1 to "
                    + Classroom.MAX_NAME + " characters, on one line.");
        }
        if (store.nameTaken(caller, clean)) {
            throw new ClassroomException(ClassroomException.Kind.CONFLICT, "You already have a class named '" + clean
                    + "'. Choose another name.");
        }
        Classroom classroom = store.create(caller, clean, freshCode(), clock.instant());
        audit.record(caller, AuditAction.INSTRUCTOR_ACTION, subject(classroom), "created class '" + clean + "'");
        return summary(classroom, true, 0);
    }

    /**
     * The class with its students for its instructor or an admin; for a student in it, the class with only
     * themself as member and no code.
     */
    public ClassDetail get(String caller, long id) {
        Role role = role(caller);
        Classroom classroom = store.find(id).orElseThrow(ClassroomException::noSuchClass);
        if (teaches(caller, role, classroom)) {
            Map<String, Integer> live = work.liveCounts();
            return detail(classroom, true, store.members(id).stream().map(m -> new ClassDetail.Member(
                    m.student().username(), m.joinedAt(), live.getOrDefault(m.student().username(), 0))).toList());
        }
        return store.members(id).stream().filter(m -> m.student().username().equals(caller)).findFirst()
                .map(m -> detail(classroom, false, List.of(new ClassDetail.Member(caller, m.joinedAt(),
                        work.liveCounts().getOrDefault(caller, 0)))))
                .orElseThrow(ClassroomException::noSuchClass);
    }

    /** A new join code for the class; the old one stops working (students already in stay). */
    public ClassSummary renewCode(String caller, long id) {
        Classroom classroom = taught(caller, id);
        Classroom renewed = store.renewCode(classroom.id(), freshCode()).orElseThrow(ClassroomException::noSuchClass);
        audit.record(caller, AuditAction.INSTRUCTOR_ACTION, subject(renewed), "renewed the join code of class '"
                + renewed.name() + "'; the old code no longer works");
        return summary(renewed, true, store.memberCounts().getOrDefault(renewed.id(), 0));
    }

    /**
     * A student joins the class whose code they typed. Wrong codes count against the student and their
     * address; after too many the student waits before any code is tried again.
     */
    public Joined join(String caller, String typed, String address) {
        if (role(caller) != Role.STUDENT) {
            throw new ClassroomException(ClassroomException.Kind.FORBIDDEN, "Only student accounts join classes."
                    + " Instructors and admins find classes on the Teach page.");
        }
        Optional<Duration> wait = throttle.waitFor(caller, address);
        if (wait.isPresent()) {
            throw throttled(wait.get());
        }
        String code = JoinCode.normalise(typed).orElseThrow(() -> new ClassroomException(
                ClassroomException.Kind.INVALID, "A join code has 10 letters and digits, like 7K3QM-9XPDA. Type the"
                + " code your instructor gave you."));
        Optional<Classroom> classroom = store.byCode(code);
        if (classroom.isEmpty()) {
            if (throttle.failed(caller, address)) {
                audit.record(caller, AuditAction.QUOTA_REFUSED, caller, "too many wrong join codes: codes are not"
                        + " tried for " + JoinThrottle.WINDOW.toMinutes() + " minutes");
            }
            throw new ClassroomException(ClassroomException.Kind.NOT_FOUND, "No class has the code "
                    + JoinCode.display(code) + ". Check it with your instructor: it may have been renewed. After "
                    + JoinThrottle.PER_ACCOUNT + " wrong codes you will have to wait "
                    + JoinThrottle.WINDOW.toMinutes() + " minutes.");
        }
        Classroom joined = classroom.get();
        boolean added = store.join(joined.id(), caller, clock.instant());
        return new Joined(summary(joined, false, store.memberCounts().getOrDefault(joined.id(), 0)), !added);
    }

    /** The student leaves the class. */
    public void leave(String caller, long id) {
        removeMember(caller, id, caller);
    }

    /** The class's instructor (or an admin) takes a student out of it; a student may take only themself out. */
    public void removeMember(String caller, long id, String username) {
        Role role = role(caller);
        Classroom classroom = store.find(id).orElseThrow(ClassroomException::noSuchClass);
        boolean teaches = teaches(caller, role, classroom);
        if (!teaches && !store.isMember(id, caller)) {
            throw ClassroomException.noSuchClass();
        }
        if (!teaches && !caller.equals(username)) {
            throw new ClassroomException(ClassroomException.Kind.FORBIDDEN, "You can leave a class yourself, but not"
                    + " take anyone else out of it.");
        }
        if (!store.remove(id, username)) {
            throw new ClassroomException(ClassroomException.Kind.NOT_FOUND, "There is no student '" + username
                    + "' in this class.");
        }
        if (!caller.equals(username)) {
            audit.record(caller, AuditAction.INSTRUCTOR_ACTION, username, "took " + username + " out of class '"
                    + classroom.name() + "' (" + subject(classroom) + ")");
        }
    }

    /**
     * Deletes a class the caller teaches, with its memberships and join code. The students' accounts, sessions
     * and results stay: they were never the class's.
     */
    public void delete(String caller, long id) {
        Classroom classroom = taught(caller, id);
        int members = store.members(classroom.id()).size();
        if (store.delete(classroom.id())) {
            audit.record(caller, AuditAction.INSTRUCTOR_ACTION, subject(classroom), "deleted class '"
                    + classroom.name() + "' with its " + members + " member" + (members == 1 ? "" : "s"));
        }
    }

    /**
     * A class the caller teaches: theirs, or any for an admin. Students may not ask (forbidden); another
     * instructor's class is "not found".
     */
    public Classroom taught(String caller, long id) {
        Role role = requireTeacher(caller);
        return store.find(id).filter(c -> teaches(caller, role, c)).orElseThrow(ClassroomException::noSuchClass);
    }

    /** A class id as it comes in a URL; anything but a number names no class. */
    public static long classId(String text) {
        try {
            return Long.parseLong(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw ClassroomException.noSuchClass();
        }
    }

    /** The caller's role as the database has it now. */
    Role role(String caller) {
        return users.find(caller).map(UserAccount::role).orElseThrow(() -> new ClassroomException(
                ClassroomException.Kind.FORBIDDEN, "Your account no longer exists."));
    }

    private Role requireTeacher(String caller) {
        Role role = role(caller);
        if (role == Role.STUDENT) {
            throw new ClassroomException(ClassroomException.Kind.FORBIDDEN, "Only instructors and admins manage"
                    + " classes. Ask an admin if you teach here.");
        }
        return role;
    }

    private static boolean teaches(String caller, Role role, Classroom classroom) {
        return role == Role.ADMIN || role == Role.INSTRUCTOR && classroom.owner().username().equals(caller);
    }

    private String freshCode() {
        // 50 random bits: a clash is all but impossible, but a unique column must never see one
        String code;
        do {
            code = JoinCode.generate(random);
        } while (store.byCode(code).isPresent());
        return code;
    }

    private static ClassroomException throttled(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return new ClassroomException(ClassroomException.Kind.THROTTLED, "Too many wrong join codes. Wait "
                + minutes + (minutes == 1 ? " minute" : " minutes") + ", then type the code again exactly as your"
                + " instructor gave it.", wait);
    }

    static String subject(Classroom classroom) {
        return "class/" + classroom.id();
    }

    private static ClassSummary summary(Classroom c, boolean withCode, int members) {
        return new ClassSummary(c.id(), c.name(), c.owner().username(), withCode ? JoinCode.display(c.joinCode())
                : null, members, c.createdAt());
    }

    private static ClassDetail detail(Classroom c, boolean withCode, List<ClassDetail.Member> members) {
        return new ClassDetail(c.id(), c.name(), c.owner().username(), withCode ? JoinCode.display(c.joinCode())
                : null, c.createdAt(), members);
    }
}
