package org.kvmlab.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.kvmlab.guest.GuestConsole;
import org.kvmlab.platform.Platform;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.session.SessionException;
import org.kvmlab.session.SessionService;

/**
 * Serial consoles of learners' guests, reached through short-lived tickets: the signed-in lab page asks for
 * a ticket for one guest of one of its own live sessions, and the console socket redeems it once, within a
 * minute. A ticket names the platform guest it opens, so nothing a socket sends can reach another guest.
 */
@ApplicationScoped
public class ConsoleService {

    static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);

    @Inject
    Platform platform;

    @Inject
    SessionService sessions;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

    private record Ticket(String username, String domain, Instant expires) {
    }

    /** A ticket for the console of the learner's guest; throws when the session or guest is not theirs. */
    public String ticket(String username, String sessionId, String guest) {
        String domain = sessions.peekLiveSession(username, sessionId, (id, lab) -> {
            if (lab.guest(guest).isEmpty()) {
                throw new SessionException(SessionException.Kind.NOT_FOUND, "This lab has no guest '" + guest + "'.");
            }
            return LabRuntime.platformName(id, guest);
        });
        Instant now = clock.instant();
        tickets.values().removeIf(t -> t.expires().isBefore(now));
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tickets.put(token, new Ticket(username, domain, now.plus(TICKET_LIFETIME)));
        return token;
    }

    /** Opens the console a ticket stands for; empty when the ticket is unknown, used or expired. */
    public Optional<ConsoleLink> redeem(String token) {
        Ticket ticket = token == null ? null : tickets.remove(token);
        if (ticket == null || ticket.expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        GuestConsole console = platform.runtime().hypervisor().openConsole(ticket.domain());
        return Optional.of(new ConsoleLink(console));
    }
}
