package org.kvmlab.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The throttle's rules, with time passed in: five wrong passwords, lockouts that grow, unknown names, addresses. */
class LoginThrottleTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String HOME = "192.0.2.10";

    /** Accounts in a map, as the database keeps them; counts writes. */
    private static final class Accounts implements LoginThrottle.Accounts {
        final Map<String, LoginStrikes> strikes = new HashMap<>();
        int saves;

        Accounts with(String name) {
            strikes.put(name, LoginStrikes.NONE);
            return this;
        }

        @Override
        public Optional<LoginStrikes> strikes(String username) {
            return Optional.ofNullable(strikes.get(username));
        }

        @Override
        public void save(String username, LoginStrikes value) {
            saves++;
            strikes.put(username, value);
        }
    }

    private final LoginThrottle throttle = new LoginThrottle(LoginPolicy.STANDARD);
    private final Accounts accounts = new Accounts().with("alice").with("bob");

    @Test
    void theFifthWrongPasswordInARowLocksTheAccountForFifteenMinutes() {
        for (int i = 1; i <= 4; i++) {
            LoginThrottle.Failure failure = throttle.failed("alice", HOME, T0.plusSeconds(i), accounts);
            assertThat(failure.refusal()).as("failure " + i).isEmpty();
            assertThat(throttle.refusal("alice", HOME, T0.plusSeconds(i), accounts)).isEmpty();
        }
        LoginThrottle.Failure fifth = throttle.failed("alice", HOME, T0.plusSeconds(5), accounts);

        assertThat(fifth.nameLockStarted()).isTrue();
        LoginRefusal lock = fifth.refusal().orElseThrow();
        assertThat(lock.reason()).isEqualTo(LoginRefusal.Reason.ACCOUNT_LOCKED);
        assertThat(lock.until()).isEqualTo(T0.plusSeconds(5).plus(Duration.ofMinutes(15)));
        assertThat(throttle.refusal("alice", HOME, T0.plus(Duration.ofMinutes(10)), accounts)).contains(lock);
        assertThat(throttle.refusal("alice", HOME, lock.until(), accounts)).isEmpty();
        assertThat(accounts.strikes.get("alice").lockedUntil()).as("kept with the account").isEqualTo(lock.until());
    }

    @Test
    void aLockedAccountIsRefusedFromAnyAddressButOtherAccountsAreNot() {
        lockOut("alice", T0);
        assertThat(throttle.refusal("alice", "198.51.100.7", T0.plusSeconds(60), accounts)).isPresent();
        assertThat(throttle.refusal("bob", HOME, T0.plusSeconds(60), accounts)).isEmpty();
    }

    @Test
    void eachFurtherLockoutLastsTwiceAsLongUpToFourHours() {
        List<Duration> locks = new ArrayList<>();
        Instant now = T0;
        for (int lockout = 1; lockout <= 7; lockout++) {
            LoginRefusal lock = lockOut("alice", now);
            locks.add(Duration.between(now, lock.until()));
            now = lock.until();
        }
        assertThat(locks).containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
                Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(4), Duration.ofHours(4));
    }

    @Test
    void theRightPasswordStartsTheCountAgain() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", HOME, T0, accounts);
        }
        throttle.succeeded("alice", accounts);
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("alice", HOME, T0, accounts).refusal()).isEmpty();
        }
        assertThat(throttle.refusal("alice", HOME, T0, accounts)).isEmpty();
        assertThat(throttle.failed("alice", HOME, T0, accounts).refusal()).isPresent();
    }

    @Test
    void aSuccessAfterALockoutMakesTheNextLockoutAFirstOneAgain() {
        LoginRefusal first = lockOut("alice", T0);
        throttle.succeeded("alice", accounts);
        LoginRefusal next = lockOut("alice", first.until());
        assertThat(Duration.between(first.until(), next.until())).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aSuccessOfAnAccountWithoutStrikesWritesNothing() {
        throttle.succeeded("bob", accounts);
        assertThat(accounts.saves).isZero();
    }

    @Test
    void aNameWithoutAnAccountGetsExactlyTheAnswersOfARealOne() {
        List<String> real = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Instant now = T0;
        for (int attempt = 0; attempt < 12; attempt++, now = now.plus(Duration.ofMinutes(4))) {
            real.add(answer("alice", now));
            unknown.add(answer("nobody-here", now));
        }
        assertThat(unknown).isEqualTo(real).contains("locked until " + T0.plus(Duration.ofMinutes(16 + 15)));
        assertThat(accounts.strikes).doesNotContainKey("nobody-here");
    }

    /** One wrong password, described as the person signing in would see its outcome. */
    private String answer(String name, Instant now) {
        Optional<LoginRefusal> before = throttle.refusal(name, "addr-" + name, now, accounts);
        if (before.isPresent()) {
            return "locked until " + before.get().until();
        }
        return throttle.failed(name, "addr-" + name, now, accounts).refusal()
                .map(r -> "locked until " + r.until()).orElse("wrong password");
    }

    @Test
    void anAdminUnlockLiftsTheLockAndTheNextLockoutIsAFirstOne() {
        LoginRefusal first = lockOut("alice", T0);
        lockOut("alice", first.until());
        Instant now = first.until().plusSeconds(60);

        assertThat(throttle.unlock("alice", now, accounts)).isTrue();
        assertThat(throttle.refusal("alice", HOME, now, accounts)).isEmpty();
        assertThat(accounts.strikes.get("alice")).isEqualTo(LoginStrikes.NONE);
        assertThat(Duration.between(now, lockOut("alice", now).until())).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.unlock("bob", now, accounts)).as("bob was not locked").isFalse();
    }

    @Test
    void tooManyWrongPasswordsFromOneAddressBlockItForAWhileWhateverTheName() {
        Optional<LoginRefusal> block = Optional.empty();
        for (int i = 0; i < 50; i++) {
            LoginThrottle.Failure failure = throttle.failed("guess" + i, HOME, T0.plusSeconds(i), accounts);
            assertThat(failure.addressBlockStarted()).isEqualTo(i == 49);
            block = failure.refusal();
        }
        assertThat(block).map(LoginRefusal::reason).contains(LoginRefusal.Reason.ADDRESS_BLOCKED);
        Instant until = T0.plusSeconds(49).plus(Duration.ofMinutes(15));
        assertThat(block).map(LoginRefusal::until).contains(until);

        assertThat(throttle.refusal("bob", HOME, T0.plusSeconds(60), accounts)).map(LoginRefusal::reason)
                .contains(LoginRefusal.Reason.ADDRESS_BLOCKED);
        assertThat(throttle.refusal("bob", "198.51.100.7", T0.plusSeconds(60), accounts)).isEmpty();
        assertThat(throttle.refusal("bob", HOME, until, accounts)).isEmpty();
    }

    @Test
    void wrongPasswordsFromAnAddressCountOnlyWithinTheirWindow() {
        for (int i = 0; i < 49; i++) {
            throttle.failed("guess" + i, HOME, T0.plusSeconds(i), accounts);
        }
        Instant later = T0.plus(Duration.ofMinutes(16));
        assertThat(throttle.failed("one-more", HOME, later, accounts).addressBlockStarted()).isFalse();
        assertThat(throttle.refusal("bob", HOME, later, accounts)).isEmpty();
    }

    @Test
    void namesWithoutAccountsAreForgottenOldestFirstWhenThereAreTooMany() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("first-name", "203.0.113.1", T0, accounts);
        }
        for (int i = 0; i <= LoginThrottle.MAX_UNKNOWN_NAMES; i++) {
            throttle.failed("name" + i, "addr" + i, T0, accounts);
        }
        // first-name's four strikes were forgotten: a fifth wrong password does not lock it
        assertThat(throttle.failed("first-name", "203.0.113.1", T0, accounts).refusal()).isEmpty();
    }

    @Test
    void addressesAreBoundedInMemory() {
        AddressThrottle addresses = new AddressThrottle(LoginPolicy.STANDARD);
        for (int i = 0; i < AddressThrottle.MAX_ADDRESSES + 500; i++) {
            addresses.failed("addr" + i, T0.plus(Duration.ofMinutes(i / 1000 * 20L)));
        }
        assertThat(addresses.tracked()).isLessThanOrEqualTo(AddressThrottle.MAX_ADDRESSES);
    }

    @Test
    void theRefusalSaysUntilWhenAndWhatToDo() {
        LoginRefusal lock = new LoginRefusal(LoginRefusal.Reason.ACCOUNT_LOCKED, T0.plus(Duration.ofMinutes(15)));
        assertThat(lock.message(T0)).contains("locked until 2026-03-01 10:15 UTC (in 15 minutes)")
                .contains("ask an admin to unlock it");
        assertThat(lock.retryAfterSeconds(T0)).isEqualTo(900);
        assertThat(lock.retryAfterSeconds(T0.plusMillis(200))).as("rounded up").isEqualTo(900);
        assertThat(lock.retryAfterSeconds(lock.until().plusSeconds(5))).as("never zero").isEqualTo(1);
        LoginRefusal block = new LoginRefusal(LoginRefusal.Reason.ADDRESS_BLOCKED, T0.plusSeconds(30));
        assertThat(block.message(T0)).contains("network address").contains("(in 1 minute)");
    }

    private LoginRefusal lockOut(String name, Instant now) {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed(name, HOME + "-" + name, now, accounts).refusal()).isEmpty();
        }
        return throttle.failed(name, HOME + "-" + name, now, accounts).refusal().orElseThrow();
    }
}
