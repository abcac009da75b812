package org.kvmlab.identity;

import java.util.Locale;
import java.util.Optional;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Feedback;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * What makes a password acceptable: a length range, not containing the user name, and hard enough to guess.
 * Guessability is estimated by nbvcxz (a zxcvbn port with dictionaries of leaked passwords, words, names,
 * keyboard patterns, dates and sequences), so "Password2024!" and "qwertyuiop1" are refused with a reason a
 * person understands, while a few unrelated words pass.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;
    /**
     * At least 10^8 estimated guesses (about 26.6 bits): zxcvbn's score 3, "safely unguessable: moderate
     * protection from an offline slow-hash attack". Hashes here are PBKDF2 with 210,000 rounds and online
     * guessing is throttled, so this is the level zxcvbn's authors recommend for such a site.
     */
    static final double MIN_ENTROPY_BITS = Math.log(1e8) / Math.log(2);

    private PasswordRules() {
    }

    /** The problem with a password for this user, in words for them, or empty when it is acceptable. */
    public static Optional<String> problemWith(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("Choose a password of at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Choose a password of at most " + MAX_LENGTH + " characters.");
        }
        if (username != null && !username.isEmpty()
                && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("The password must not contain the user name.");
        }
        Result estimate = Estimator.estimate(password);
        if (estimate.getEntropy() < MIN_ENTROPY_BITS) {
            return Optional.of(explain(estimate.getFeedback()));
        }
        return Optional.empty();
    }

    private static String explain(Feedback feedback) {
        StringBuilder text = new StringBuilder("This password is too easy to guess.");
        if (feedback.getWarning() != null) {
            text.append(' ').append(feedback.getWarning());
        }
        feedback.getSuggestion().forEach(s -> text.append(' ').append(s));
        if (feedback.getSuggestion().isEmpty()) {
            text.append(" Add another word or two. Uncommon words are better.");
        }
        return text.toString();
    }

    /**
     * One estimator for the application: building it loads the dictionaries (about a second), so it is made
     * on first use. Sign-ups are rare, so estimates take turns rather than trusting the library with threads.
     */
    private static final class Estimator {
        private static final Nbvcxz NBVCXZ = new Nbvcxz(new ConfigurationBuilder()
                .setLocale(Locale.ENGLISH)
                .setMinimumEntropy(MIN_ENTROPY_BITS)
                .createConfiguration());

        static synchronized Result estimate(String password) {
            return NBVCXZ.estimate(password);
        }
    }
}
