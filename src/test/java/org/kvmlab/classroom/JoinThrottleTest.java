package org.kvmlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JoinThrottleTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2025-05-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final JoinThrottle throttle = new JoinThrottle(clock);

    @Test
    void aFewTyposAreFine() {
        for (int i = 1; i < JoinThrottle.PER_ACCOUNT; i++) {
            assertThat(throttle.failed("erin", "10.0.0.1")).isFalse();
            assertThat(throttle.waitFor("erin", "10.0.0.1")).isEmpty();
        }
    }

    @Test
    void tooManyWrongCodesMakeTheAccountWaitUntilTheWindowEnds() {
        for (int i = 1; i < JoinThrottle.PER_ACCOUNT; i++) {
            throttle.failed("erin", "10.0.0.1");
        }
        assertThat(throttle.failed("erin", "10.0.0.1")).as("the failure that uses up the budget").isTrue();
        assertThat(throttle.waitFor("erin", "10.0.0.1")).contains(JoinThrottle.WINDOW);
        // from another address too: the budget is the account's
        assertThat(throttle.waitFor("erin", "10.0.0.2")).contains(JoinThrottle.WINDOW);
        // others on the same address are not held up by erin's typos
        assertThat(throttle.waitFor("farid", "10.0.0.1")).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.waitFor("erin", "10.0.0.1")).contains(JoinThrottle.WINDOW.minusMinutes(10));
        clock.advance(JoinThrottle.WINDOW.minusMinutes(10));
        assertThat(throttle.waitFor("erin", "10.0.0.1")).isEmpty();
        assertThat(throttle.failed("erin", "10.0.0.1")).as("a new window starts counting from one").isFalse();
    }

    @Test
    void oneAddressRotatingThroughAccountsIsStoppedToo() {
        int accounts = JoinThrottle.PER_ADDRESS / (JoinThrottle.PER_ACCOUNT - 1) + 1;
        int failures = 0;
        for (int a = 0; a < accounts && failures < JoinThrottle.PER_ADDRESS; a++) {
            for (int i = 1; i < JoinThrottle.PER_ACCOUNT && failures < JoinThrottle.PER_ADDRESS; i++) {
                throttle.failed("bot" + a, "203.0.113.9");
                failures++;
            }
        }
        assertThat(throttle.waitFor("fresh-account", "203.0.113.9")).isPresent();
        assertThat(throttle.waitFor("fresh-account", "198.51.100.1")).isEmpty();
    }

    @Test
    void withoutAnAddressTheAccountBudgetStillHolds() {
        for (int i = 0; i < JoinThrottle.PER_ACCOUNT; i++) {
            throttle.failed("erin", null);
        }
        assertThat(throttle.waitFor("erin", null)).isPresent();
    }
}
