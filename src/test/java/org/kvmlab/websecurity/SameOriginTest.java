package org.kvmlab.websecurity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Origin and Referer against the Host the browser reached. */
class SameOriginTest {

    @Test
    void theSameHostAndPortMatch() {
        assertThat(SameOrigin.matches("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(SameOrigin.matches("https://KVMLAB.example.org", "kvmlab.example.org")).isTrue();
        assertThat(SameOrigin.matches("http://[::1]:8080", "[::1]:8080")).isTrue();
    }

    @Test
    void aRefererMatchesByItsOriginWhateverItsPath() {
        assertThat(SameOrigin.matches("http://localhost:8080/lab.xhtml?s=42#editor", "localhost:8080")).isTrue();
        assertThat(SameOrigin.matches("http://evil.example/localhost:8080", "localhost:8080")).isFalse();
    }

    @Test
    void defaultPortsMayBeSpelledOutOnEitherSide() {
        assertThat(SameOrigin.matches("https://kvmlab.example.org:443", "kvmlab.example.org")).isTrue();
        assertThat(SameOrigin.matches("https://kvmlab.example.org", "kvmlab.example.org:443")).isTrue();
        assertThat(SameOrigin.matches("http://kvmlab.example.org", "kvmlab.example.org:80")).isTrue();
    }

    @Test
    void anotherHostOrPortIsAnotherSite() {
        assertThat(SameOrigin.matches("http://evil.example", "localhost:8080")).isFalse();
        assertThat(SameOrigin.matches("http://localhost:8081", "localhost:8080")).isFalse();
        assertThat(SameOrigin.matches("http://localhost", "localhost:8080")).isFalse();
        assertThat(SameOrigin.matches("http://kvmlab.example.org.evil.example", "kvmlab.example.org")).isFalse();
        assertThat(SameOrigin.matches("https://kvmlab.example.org:8443", "kvmlab.example.org")).isFalse();
    }

    @Test
    void opaqueMissingAndStrangeOriginsAreNeverSameOrigin() {
        assertThat(SameOrigin.matches("null", "localhost:8080")).isFalse();
        assertThat(SameOrigin.matches(null, "localhost:8080")).isFalse();
        assertThat(SameOrigin.matches("http://localhost:8080", null)).isFalse();
        assertThat(SameOrigin.matches("file:///home/me/page.html", "localhost:8080")).isFalse();
        assertThat(SameOrigin.matches("chrome-extension://abcdef", "abcdef")).isFalse();
        assertThat(SameOrigin.matches("http://local host:8080", "localhost:8080")).isFalse();
    }
}
