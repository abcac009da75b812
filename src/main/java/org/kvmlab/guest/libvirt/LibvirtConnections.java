package org.kvmlab.guest.libvirt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.HypervisorException.Reason;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.Library;

/**
 * Opens libvirt connections that notice a host which stops answering. libvirt itself waits for a reply for ever:
 * a libvirtd that hangs (or a host cut off the network) blocks every call on its connection, and even opening one,
 * since the kernel still accepts the TCP connection while nothing answers the handshake (measured on a frozen
 * libvirtd: calls and opens still waiting after 60 s). Two bounds, then:
 * <ul>
 * <li>keepalive on every connection: libvirt pings a connection that has been quiet for
 * {@value #KEEPALIVE_INTERVAL_SECONDS} s and closes it when {@value #KEEPALIVE_COUNT} pings in a row get no answer,
 * which fails the calls waiting on it (measured: after interval × (count + 1) s). A busy libvirtd still answers pings
 * from its event loop while long calls run on its workers. Keepalive needs libvirt's event loop, which runs here on
 * one daemon thread for the whole process;</li>
 * <li>opening on a thread of its own, given up after {@link #OPEN_TIMEOUT}. A given-up attempt may still finish
 * (the connection is then closed) or fail later; until it does, another attempt on the same URI fails at once
 * instead of leaving one more thread waiting on a host that does not answer.</li>
 * </ul>
 */
final class LibvirtConnections {

    private static final Logger LOG = Logger.getLogger(LibvirtConnections.class.getName());

    /** Seconds of silence before libvirt pings the other side. */
    static final int KEEPALIVE_INTERVAL_SECONDS = 2;
    /** Unanswered pings in a row after which the connection counts as dead: about 8 s of silence in all. */
    static final int KEEPALIVE_COUNT = 3;
    /** How long opening a connection may take; a healthy libvirtd answers in milliseconds, over TCP too. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

    /** Attempts given up on that are still waiting, by URI. */
    private static final Map<String, CompletableFuture<Connect>> WAITING = new ConcurrentHashMap<>();
    private static final ExecutorService OPENERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "libvirt-open");
        thread.setDaemon(true);
        return thread;
    });
    private static Thread eventLoop;

    private LibvirtConnections() {
    }

    /**
     * A new read-write connection with keepalive on. Throws the libvirt failure when libvirt refuses, and a
     * {@link Reason#CONNECTION} failure when the host does not answer within {@link #OPEN_TIMEOUT}.
     */
    static Connect open(String uri) throws LibvirtException {
        startEventLoop();
        Connect connection = openWithin(uri, OPEN_TIMEOUT);
        keepAlive(uri, connection);
        return connection;
    }

    /** Whether libvirt still counts the connection as open; a local check, it asks nothing of the host. */
    static boolean alive(Connect connection) {
        try {
            return connection.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    private static Connect openWithin(String uri, Duration timeout) throws LibvirtException {
        CompletableFuture<Connect> earlier = WAITING.get(uri);
        if (earlier != null && !earlier.isDone()) {
            throw new HypervisorException(Reason.CONNECTION, "Cannot connect to " + uri
                    + ": an earlier attempt still has no answer; the host is hung or unreachable");
        }
        CompletableFuture<Connect> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return new Connect(uri);
            } catch (LibvirtException e) {
                throw new CompletionException(e);
            }
        }, OPENERS);
        try {
            return opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            giveUp(uri, opening);
            throw new HypervisorException(Reason.CONNECTION, "Cannot connect to " + uri + ": the host accepted the"
                    + " connection but did not answer within " + timeout.toSeconds() + " s; it is hung or overloaded");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(uri, opening);
            throw new HypervisorException(Reason.CONNECTION, "Connecting to " + uri + " was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LibvirtException failure) {
                throw failure;
            }
            throw new HypervisorException(Reason.CONNECTION, "Cannot connect to " + uri, e.getCause());
        }
    }

    /** Nobody waits for this attempt any more: a connection it opens late is closed. */
    private static void giveUp(String uri, CompletableFuture<Connect> opening) {
        WAITING.put(uri, opening);
        opening.whenComplete((late, failure) -> {
            WAITING.remove(uri, opening);
            if (late != null) {
                try {
                    late.close();
                } catch (LibvirtException ignored) {
                    // nobody uses this connection
                }
            }
        });
    }

    /** Drivers that run in this process (test://) have no keepalive, and need none: no network to hang on. */
    private static void keepAlive(String uri, Connect connection) {
        try {
            connection.setKeepAlive(KEEPALIVE_INTERVAL_SECONDS, KEEPALIVE_COUNT);
        } catch (LibvirtException e) {
            LOG.fine(() -> "no keepalive on " + uri + ": " + e.getMessage());
        }
    }

    private static synchronized void startEventLoop() throws LibvirtException {
        if (eventLoop != null) {
            return;
        }
        Library.initEventLoop();
        eventLoop = new Thread(LibvirtConnections::runEventLoop, "libvirt-event-loop");
        eventLoop.setDaemon(true);
        eventLoop.start();
    }

    /** libvirt's callbacks run on this thread: keepalive pings and answers, closing dead connections. */
    private static void runEventLoop() {
        while (true) {
            try {
                Library.runEventLoop();
                return;
            } catch (InterruptedException e) {
                return;
            } catch (LibvirtException e) {
                LOG.log(Level.WARNING, "libvirt's event loop failed; it runs again in a second", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
