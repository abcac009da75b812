package org.kvmlab.classroom;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Join codes: 10 characters of Crockford's base32 (digits and upper-case letters without I, L, O and U), 50
 * random bits, far too many to find one by trying, and easy to read out in a classroom. They are shown in two
 * groups of five ({@code 7K3QM-9XPDA}); what a person types is read leniently: any case, spaces and hyphens
 * anywhere, and the letters people confuse with digits (I and L for 1, O for 0) as Crockford's rules say.
 */
public final class JoinCode {

    /** Crockford's base32 alphabet. */
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int LENGTH = 10;
    /** Longer input is not a code mistyped, it is something else: not worth reading. */
    private static final int MAX_TYPED = 64;

    private JoinCode() {
    }

    /** A fresh code, normalised. */
    static String generate(RandomGenerator random) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** What a person typed, as codes are stored; empty when it cannot be a code at all. */
    public static Optional<String> normalise(String typed) {
        if (typed == null || typed.length() > MAX_TYPED) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            char read = switch (c) {
                case 'I', 'L' -> '1';
                case 'O' -> '0';
                default -> c;
            };
            if (ALPHABET.indexOf(read) < 0) {
                return Optional.empty();
            }
            code.append(read);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    /** A stored code as people see it: two groups of five. */
    public static String display(String code) {
        return code == null || code.length() != LENGTH ? code : code.substring(0, 5) + "-" + code.substring(5);
    }
}
