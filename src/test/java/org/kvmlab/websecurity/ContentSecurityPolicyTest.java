package org.kvmlab.websecurity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The policies: what pages may load and run, and nothing at all for everything else. */
class ContentSecurityPolicyTest {

    /** directive name -> its sources */
    private static Map<String, String> directives(String policy) {
        return Arrays.stream(policy.split(";")).map(String::strip).filter(d -> !d.isEmpty())
                .collect(Collectors.toMap(d -> d.split(" ", 2)[0], d -> d.contains(" ") ? d.split(" ", 2)[1] : ""));
    }

    @Test
    void pageScriptsComeOnlyFromThisServerOrCarryTheNonceThatPrimeFacesAppends() {
        String policy = ContentSecurityPolicy.forPages("localhost:8080");
        assertThat(policy).endsWith("script-src 'self'");
        assertThat(directives(policy).get("script-src")).isEqualTo("'self'");
        assertThat(policy).doesNotContain("unsafe-eval");
        assertThat(directives(policy)).containsEntry("object-src", "'none'").containsEntry("base-uri", "'none'")
                .containsEntry("frame-ancestors", "'none'").containsEntry("form-action", "'self'")
                .containsEntry("default-src", "'self'");
    }

    @Test
    void pagesMayOpenWebSocketsToTheirOwnHostOnly() {
        assertThat(directives(ContentSecurityPolicy.forPages("kvmlab.example.org")).get("connect-src"))
                .isEqualTo("'self' ws://kvmlab.example.org wss://kvmlab.example.org");
        assertThat(directives(ContentSecurityPolicy.forPages("[::1]:8080")).get("connect-src"))
                .isEqualTo("'self' ws://[::1]:8080 wss://[::1]:8080");
    }

    @Test
    void aStrangeHostHeaderCannotAddSourcesToThePolicy() {
        for (String host : new String[] {"evil.example; script-src *", "a b", "", null, "x'y"}) {
            String policy = ContentSecurityPolicy.forPages(host);
            assertThat(directives(policy).get("connect-src")).as(host).isEqualTo("'self'");
            assertThat(policy).as(host).doesNotContain("*");
        }
    }

    @Test
    void everythingElseMayLoadOnlyStylesAndImagesOfThisServer() {
        Map<String, String> other = directives(ContentSecurityPolicy.OTHER);
        assertThat(other).containsEntry("default-src", "'none'").containsEntry("style-src", "'self'")
                .containsEntry("frame-ancestors", "'none'").doesNotContainKey("script-src");
        assertThat(ContentSecurityPolicy.OTHER).doesNotContain("unsafe");
    }
}
