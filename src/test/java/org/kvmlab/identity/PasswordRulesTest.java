package org.kvmlab.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Password rules: length, not the user name, and hard to guess by nbvcxz's estimate, with reasons in words. */
class PasswordRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"violet-ferry-lamp-4812", "green-lantern-1984", "amber-kettle-2077", "orange-kite-2024",
            "blue-harbour-2031", "sunny-meadow-42", "river-stone-77", "quiet-lantern-58", "tidal-window-903",
            "quiet-harbor-31", "north-window-58", "silver-compass-9", "Tr0ub4dor&3xK9!", "ducks swim under 7 bridges"})
    void acceptsPassphrasesAndRandomPasswords(String password) {
        assertThat(UserService.problemWith("student1", password)).as(password).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password123", "Password2024!", "qwertyuiop", "1234567890", "iloveyou12", "P@ssw0rd123",
            "summer2024!", "aaaaaaaaaaaa", "abcdefghij", "correct-horse-battery-staple", "letmein2024"})
    void refusesCommonAndPatternedPasswordsSayingWhy(String password) {
        assertThat(UserService.problemWith("student1", password)).as(password).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("This password is too easy to guess.")
                        .hasSizeGreaterThan("This password is too easy to guess.".length() + 10));
    }

    @Test
    void namesWhatMakesAPasswordWeak() {
        assertThat(UserService.problemWith("student1", "password123")).hasValueSatisfying(p ->
                assertThat(p).contains("common password"));
        assertThat(UserService.problemWith("student1", "abcdefghijk")).hasValueSatisfying(p ->
                assertThat(p).contains("Sequences like abc"));
        assertThat(UserService.problemWith("student1", "aaaaaaaaaaaa")).hasValueSatisfying(p ->
                assertThat(p).contains("Repeats"));
    }

    @Test
    void keepsTheLengthLimitsAndTheUserNameRule() {
        assertThat(UserService.problemWith("student1", "x7#Kq!2z")).contains(
                "Choose a password of at least 10 characters.");
        assertThat(UserService.problemWith("student1", "violet-ferry-".repeat(10)))
                .contains("Choose a password of at most 128 characters.");
        assertThat(UserService.problemWith("marguerite", "Marguerite-ferry-4812"))
                .contains("The password must not contain the user name.");
        assertThat(UserService.problemWith("admin", "violet-admin-lamp-4812"))
                .contains("The password must not contain the user name.");
    }

    @Test
    void keepsTheUserNameRules() {
        assertThat(UserService.problemWith("Al", "violet-ferry-lamp-4812")).hasValueSatisfying(p ->
                assertThat(p).startsWith("Choose a user name of 3 to 32 characters"));
        assertThat(UserService.problemWith(null, "violet-ferry-lamp-4812")).isPresent();
    }

    @Test
    void theBarIsZxcvbnsScoreThree() {
        assertThat(Math.pow(2, PasswordRules.MIN_ENTROPY_BITS)).isCloseTo(1e8, Offset.offset(1.0));
    }
}
