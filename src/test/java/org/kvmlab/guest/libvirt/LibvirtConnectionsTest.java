package org.kvmlab.guest.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.HypervisorException.Reason;

/**
 * Opening a connection never blocks for ever: a "host" that accepts TCP and never answers (a plain socket here,
 * as a hung libvirtd looks from outside) fails the open after {@link LibvirtConnections#OPEN_TIMEOUT}. The
 * keepalive side needs a real libvirtd to ping; SecondHostIT proves it on a frozen one.
 * Without the bound, the open would wait for ever: the class timeout turns that into a failure.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LibvirtConnectionsTest {

    @Test
    void aHostThatAcceptsButNeverAnswersFailsTheOpenWithinItsBoundAndOnlyOneAttemptWaits() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String uri = "qemu+tcp://127.0.0.1:" + silent.getLocalPort() + "/system";
            long start = System.nanoTime();
            assertThatThrownBy(() -> LibvirtHypervisor.connect(uri))
                    .isInstanceOfSatisfying(HypervisorException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CONNECTION);
                        assertThat(e.getMessage()).contains(uri).contains("did not answer");
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(LibvirtConnections.OPEN_TIMEOUT,
                    LibvirtConnections.OPEN_TIMEOUT.plusSeconds(3));

            // the first attempt still waits: a second one does not queue behind it
            start = System.nanoTime();
            assertThatThrownBy(() -> LibvirtHypervisor.connect(uri))
                    .isInstanceOfSatisfying(HypervisorException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CONNECTION);
                        assertThat(e.getMessage()).contains("earlier attempt");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aHostThatRefusesFailsAtOnce() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        String uri = "qemu+tcp://127.0.0.1:" + port + "/system";
        long start = System.nanoTime();
        assertThatThrownBy(() -> LibvirtHypervisor.connect(uri))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.CONNECTION));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void inProcessDriversWorkWithoutKeepalive() {
        try (LibvirtHypervisor test = LibvirtHypervisor.connect("test:///default")) {
            assertThat(test.listGuests("")).isNotEmpty();
        }
    }
}
