package org.kvmlab.classroom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.kvmlab.pool.PoolReservation;
import org.kvmlab.pool.PoolService;

/**
 * Pre-warming for a class: its instructor (or an admin) asks for guests of a lab to be booted ahead of the class's
 * time, so that a room of students starting at once get running labs instead of a queue. Only the classes the
 * caller teaches are reachable, like every class action: another instructor's class answers "not found".
 */
@ApplicationScoped
public class ClassPrewarming {

    /** How long pre-warmed guests are kept after the class's time when the instructor does not say. */
    public static final Duration DEFAULT_SPAN = Duration.ofHours(2);

    @Inject
    ClassroomService classes;

    @Inject
    PoolService pools;

    /** A class's pre-warming, with the live fill of its lab's pool (every reservation of that lab counts). */
    public record Prewarm(long id, long classId, String lab, int size, Instant readyAt, Instant until,
                          String createdBy, Fill pool) {
    }

    /** A lab's pool now: ready guests, guests booting, and how many it wants (standing size plus reservations). */
    public record Fill(int ready, int starting, int wanted) {
        static final Fill EMPTY = new Fill(0, 0, 0);
    }

    /**
     * Refuses a caller who does not teach the class (not found, or forbidden for a student), before anything
     * they sent is read: what a stranger's request holds must not change the answer they get.
     */
    public void requireTaught(String caller, long classId) {
        classes.taught(caller, classId);
    }

    /** The class's pre-warmings that are not over yet, soonest first. */
    public List<Prewarm> of(String caller, long classId) {
        Classroom classroom = classes.taught(caller, classId);
        Map<String, Fill> fill = fills();
        return pools.reservations().stream().filter(r -> classroom.id().equals(r.classId()))
                .map(r -> prewarm(r, fill)).toList();
    }

    /**
     * Asks for {@code size} guests of a lab ready at {@code readyAt} for the class, kept until {@code until}
     * ({@link #DEFAULT_SPAN} after {@code readyAt} when null).
     */
    public Prewarm reserve(String caller, long classId, String lab, int size, Instant readyAt, Instant until) {
        Classroom classroom = classes.taught(caller, classId);
        if (lab == null || lab.isBlank()) {
            throw invalid("Choose the lab to pre-warm.");
        }
        if (readyAt == null) {
            throw invalid("Say when the guests must be ready (the class's start).");
        }
        PoolReservation made;
        try {
            made = pools.reserve(caller, lab.strip(), size, readyAt, until == null ? readyAt.plus(DEFAULT_SPAN)
                    : until, classroom.id());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return prewarm(made, fills());
    }

    /** Cancels one of the class's pre-warmings; its guests not yet handed out are recycled by the pool. */
    public void cancel(String caller, long classId, long reservationId) {
        Classroom classroom = classes.taught(caller, classId);
        PoolReservation r = pools.reservation(reservationId).filter(x -> classroom.id().equals(x.classId()))
                .orElseThrow(() -> new ClassroomException(ClassroomException.Kind.NOT_FOUND, "This class has no such"
                        + " pre-warming. It may have been cancelled already."));
        pools.cancelReservation(caller, r.id());
    }

    /** A reservation id as it comes in a URL; anything but a number names none. */
    public static long reservationId(String text) {
        try {
            return Long.parseLong(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw new ClassroomException(ClassroomException.Kind.NOT_FOUND, "This class has no such pre-warming.");
        }
    }

    private Map<String, Fill> fills() {
        return pools.status().stream().collect(Collectors.toMap(PoolService.PoolStatus::lab,
                s -> new Fill(s.ready(), s.starting(), s.wanted()), (a, b) -> a));
    }

    private static Prewarm prewarm(PoolReservation r, Map<String, Fill> fill) {
        return new Prewarm(r.id(), r.classId(), r.labId(), r.size(), r.readyAt(), r.until(), r.createdBy(),
                fill.getOrDefault(r.labId(), Fill.EMPTY));
    }

    private static ClassroomException invalid(String message) {
        return new ClassroomException(ClassroomException.Kind.INVALID, message);
    }
}
