package org.kvmlab.classroom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.catalog.Lab;
import org.kvmlab.grading.GradingAttempt;
import org.kvmlab.session.LabSession;

/**
 * An instructor's read-only look at the work of a student in one of their classes (an admin's, at any
 * class's students). The way in is always class, then student, then session: a student who is not in that
 * class, or a session that is not that student's, answers "not found", like one that does not exist. Every
 * look is recorded in the audit trail: a student's work is theirs, and who read it is worth knowing.
 */
@ApplicationScoped
public class StudentWorkService {

    @Inject
    ClassroomService classes;

    @Inject
    ClassStore store;

    @Inject
    StudentWorkStore work;

    @Inject
    LabLibrary library;

    @Inject
    AuditLog audit;

    /** The student's sessions (live and past, newest first) and best whole-lab Check per lab. */
    public StudentWork student(String caller, long classId, String username) {
        requireStudent(caller, classId, username);
        Map<String, String> titles = new HashMap<>();
        List<StudentSession> sessions = work.sessionsOf(username).stream().map(s -> session(s, titles)).toList();
        List<StudentWork.LabScore> best = new ArrayList<>();
        work.bestScores(username).forEach((lab, score) -> best.add(new StudentWork.LabScore(lab,
                title(lab, titles), score[0], score[1])));
        best.sort(Comparator.comparing(StudentWork.LabScore::labTitle));
        audit.record(caller, AuditAction.INSTRUCTOR_ACTION, username, "read " + username + "'s sessions and best"
                + " scores (class/" + classId + ")");
        return new StudentWork(username, sessions, best);
    }

    /** One of the student's sessions with its Checks, reveals and virsh history. */
    public SessionWork session(String caller, long classId, String username, String sessionId) {
        requireStudent(caller, classId, username);
        LabSession session = work.session(sessionId).filter(s -> s.owner().username().equals(username))
                .orElseThrow(() -> new ClassroomException(ClassroomException.Kind.NOT_FOUND,
                        "There is no such lab session."));
        List<SessionWork.Attempt> attempts = work.attempts(session.id()).stream().map(StudentWorkService::attempt)
                .toList();
        Map<String, Integer> hintsPerStep = new HashMap<>();
        List<SessionWork.Revealed> reveals = work.reveals(session.id()).stream().map(r -> new SessionWork.Revealed(
                r.stepId(), r.kind().toLowerCase(Locale.ROOT), "HINT".equals(r.kind())
                ? hintsPerStep.merge(r.stepId(), 1, Integer::sum) : 1, r.at())).toList();
        List<SessionWork.ShellLine> shell = work.shell(session.id()).stream().map(e -> new SessionWork.ShellLine(
                e.runAt(), e.command(), e.exitCode())).toList();
        audit.record(caller, AuditAction.INSTRUCTOR_ACTION, username, "read " + username + "'s session "
                + session.id() + " (" + session.labId() + "): Checks, reveals and virsh history (class/" + classId + ")");
        return new SessionWork(session(session, new HashMap<>()), attempts, reveals, shell);
    }

    /** The session as an admin's list of live sessions shows it, with its owner. */
    public StudentSession describe(LabSession session) {
        return session(session, new HashMap<>());
    }

    private void requireStudent(String caller, long classId, String username) {
        Classroom classroom = classes.taught(caller, classId);
        if (username == null || !store.isMember(classroom.id(), username)) {
            throw new ClassroomException(ClassroomException.Kind.NOT_FOUND, "There is no such student in this"
                    + " class.");
        }
    }

    private StudentSession session(LabSession s, Map<String, String> titles) {
        return new StudentSession(s.id(), s.labId(), title(s.labId(), titles), s.labVersion().orElse(null),
                s.state().label(), s.createdAt(), s.expiresAt(), s.endedAt(), s.note(), s.state().isLive());
    }

    private String title(String labId, Map<String, String> titles) {
        return titles.computeIfAbsent(labId, id -> library.current(id).map(Lab::title).orElse(id));
    }

    private static SessionWork.Attempt attempt(GradingAttempt a) {
        return new SessionWork.Attempt(a.gradedAt(), a.stepId(), a.score(), a.maxScore(), a.results().stream()
                .map(r -> new SessionWork.CheckResult(r.checkId(), r.stepId(), r.status().name()
                        .toLowerCase(Locale.ROOT), r.points(), r.earned(), r.message())).toList());
    }
}
