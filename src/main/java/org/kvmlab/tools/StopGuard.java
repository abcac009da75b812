package org.kvmlab.tools;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps Ctrl-C (or a SIGTERM) from leaving guests behind. A stopping JVM runs no finally blocks, only shutdown
 * hooks; so while a guard is open, a stop interrupts the thread that opened it, which ends its waits so its
 * finally blocks remove what it made, and holds the JVM until that thread closes the guard. Should the thread not
 * get there within a minute, the guard runs the fallback it was last given.
 */
final class StopGuard implements AutoCloseable {

    private static final long GRACE_SECONDS = 60;

    private final Thread worker = Thread.currentThread();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "kvmlab-stop-guard");
    private volatile Runnable fallback = () -> { };
    private volatile boolean stopping;

    StopGuard() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What removes the work in progress, should the worker not finish in time after a stop. */
    void fallback(Runnable removal) {
        this.fallback = removal;
    }

    /** True once the JVM is being stopped: the worker should clean up and start nothing new. */
    boolean stopping() {
        return stopping;
    }

    private void stop() {
        if (closed.getCount() == 0) {
            return;
        }
        stopping = true;
        worker.interrupt();
        try {
            if (closed.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fallback.run();
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already stopping: the hook sees the guard closed and returns
        }
    }
}
