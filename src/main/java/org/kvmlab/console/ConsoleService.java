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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.kvmlab.guest.XmlView;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Element;
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
    /** Consoles (serial and graphical together) one learner may have open at once, across tabs. */
    public static final int MAX_OPEN_PER_LEARNER = 6;
    /** Typing in a console keeps the session alive, checked at most this often. */
    private static final Duration ACTIVITY_EVERY = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(ConsoleService.class.getName());

    @Inject
    Platform platform;

    @Inject
    SessionService sessions;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /** A learner already has as many consoles open as they may. */
    public static final class TooMany extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooMany() {
            super("You have " + MAX_OPEN_PER_LEARNER + " consoles open already: close one (another tab?), then"
                    + " reload.");
        }
    }

    /**
     * What an open console holds for its learner: one of their console slots, given back once on close, and
     * a throttled note that they are working in the session.
     */
    final class Lease {
        private final String username;
        private final String sessionId;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile Instant lastActivity = Instant.EPOCH;

        private Lease(String username, String sessionId) {
            this.username = username;
            this.sessionId = sessionId;
        }

        void activity() {
            Instant now = clock.instant();
            if (now.isAfter(lastActivity.plus(ACTIVITY_EVERY))) {
                lastActivity = now;
                try {
                    sessions.activity(username, sessionId);
                } catch (RuntimeException e) {
                    LOG.fine(() -> "console activity not recorded: " + e.getMessage());
                }
            }
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(username, (u, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
        }
    }

    private Lease lease(Ticket ticket) {
        AtomicInteger count = open.computeIfAbsent(ticket.username(), u -> new AtomicInteger());
        if (count.incrementAndGet() > MAX_OPEN_PER_LEARNER) {
            count.decrementAndGet();
            throw new TooMany();
        }
        return new Lease(ticket.username(), LabRuntime.sessionIdIn(ticket.domain()).orElse(""));
    }

    /** Which console a ticket opens. */
    public enum Kind { SERIAL, VNC }

    /** The lab runtime of the host the ticket's guest runs on. */
    private org.kvmlab.session.LabRuntime runtimeOf(Ticket ticket) {
        return sessions.runtimeOf(LabRuntime.sessionIdIn(ticket.domain()).orElseThrow());
    }

    private record Ticket(String username, String domain, Kind kind, Instant expires) {
    }

    /** A ticket for a console of the learner's guest; throws when the session or guest is not theirs. */
    public String ticket(String username, String sessionId, String guest, Kind kind) {
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
        tickets.put(token, new Ticket(username, domain, kind, now.plus(TICKET_LIFETIME)));
        return token;
    }

    /** Opens the serial console a ticket stands for; empty when the ticket is unknown, used or expired. */
    public Optional<ConsoleLink> redeem(String token) {
        Optional<Ticket> ticket = valid(token, Kind.SERIAL);
        if (ticket.isEmpty()) {
            return Optional.empty();
        }
        Lease lease = lease(ticket.get());
        try {
            return Optional.of(new ConsoleLink(runtimeOf(ticket.get()).hypervisor().openConsole(ticket.get().domain()),
                    lease));
        } catch (RuntimeException e) {
            lease.release();
            throw e;
        }
    }

    /**
     * Connects to the VNC display a ticket stands for, on the hypervisor host's loopback where libvirt makes
     * every lab guest listen; empty when the ticket is not valid. Throws when the guest has no display now.
     */
    public Optional<DisplayLink> redeemVnc(String token) throws IOException {
        Optional<Ticket> ticket = valid(token, Kind.VNC);
        if (ticket.isEmpty()) {
            return Optional.empty();
        }
        String live = runtimeOf(ticket.get()).hypervisor().xml(ticket.get().domain(), XmlView.LIVE);
        int port;
        try {
            Element graphics = Xml.first(Xml.parse(live), "/domain/devices/graphics[@type='vnc']");
            port = graphics == null ? -1 : Integer.parseInt(graphics.getAttribute("port"));
        } catch (XmlException | NumberFormatException e) {
            port = -1;
        }
        if (port <= 0) {
            throw new IOException("The guest has no VNC display right now (is it running, with <graphics type='vnc'>?).");
        }
        Lease lease = lease(ticket.get());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        } catch (IOException e) {
            socket.close();
            lease.release();
            throw e;
        }
        return Optional.of(new DisplayLink(socket, lease));
    }

    private Optional<Ticket> valid(String token, Kind kind) {
        Ticket ticket = token == null ? null : tickets.remove(token);
        if (ticket == null || ticket.kind() != kind || ticket.expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(ticket);
    }
}
