package org.kvmlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JoinCodeTest {

    @Test
    void generatedCodesAreTenCharactersOfCrockfordsAlphabet() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1000; i++) {
            String code = JoinCode.generate(random);
            assertThat(code).hasSize(JoinCode.LENGTH).matches("[0-9A-HJKMNP-TV-Z]{10}");
            assertThat(JoinCode.normalise(code)).contains(code);
        }
    }

    @Test
    void everyCharacterOfTheAlphabetTurnsUp() {
        // a generator stuck on part of the alphabet would make codes far easier to guess
        Set<Character> seen = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            JoinCode.generate(random).chars().forEach(c -> seen.add((char) c));
        }
        assertThat(seen).hasSize(32);
        assertThat(JoinCode.ALPHABET).doesNotContain("I", "L", "O", "U");
    }

    @Test
    void whatPeopleTypeIsReadLeniently() {
        assertThat(JoinCode.normalise("7K3QM-9XPDA")).contains("7K3QM9XPDA");
        assertThat(JoinCode.normalise(" 7k3qm 9xpda ")).contains("7K3QM9XPDA");
        assertThat(JoinCode.normalise("7k3-qm9-xpda")).contains("7K3QM9XPDA");
        // the letters people read as digits
        assertThat(JoinCode.normalise("OIL23-45678")).contains("0112345678");
        assertThat(JoinCode.normalise("oil23 45678")).contains("0112345678");
    }

    @Test
    void whatCannotBeACodeIsRefused() {
        assertThat(JoinCode.normalise(null)).isEmpty();
        assertThat(JoinCode.normalise("")).isEmpty();
        assertThat(JoinCode.normalise("7K3QM-9XPD")).as("too short").isEmpty();
        assertThat(JoinCode.normalise("7K3QM-9XPDAB")).as("too long").isEmpty();
        assertThat(JoinCode.normalise("7K3QM-9XPDU")).as("U is not in the alphabet").isEmpty();
        assertThat(JoinCode.normalise("7K3QM_9XPDA")).isEmpty();
        assertThat(JoinCode.normalise("7K3QM' OR 1=1")).isEmpty();
        assertThat(JoinCode.normalise("Ä".repeat(10))).isEmpty();
        assertThat(JoinCode.normalise("-".repeat(100) + "7K3QM9XPDA")).as("absurdly long input").isEmpty();
    }

    @Test
    void codesAreShownInTwoGroupsOfFive() {
        assertThat(JoinCode.display("7K3QM9XPDA")).isEqualTo("7K3QM-9XPDA");
        assertThat(JoinCode.normalise(JoinCode.display("7K3QM9XPDA"))).contains("7K3QM9XPDA");
    }
}
