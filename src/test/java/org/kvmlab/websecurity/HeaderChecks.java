package org.kvmlab.websecurity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.regex.Pattern;

/** What every kvmlab response must say, and must not say, in its headers and error bodies. */
final class HeaderChecks {

    /** A Java class name (package.Class), as stack traces and framework error answers show them. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z]\\w*");
    private static final Pattern VERSION = Pattern.compile("\\b\\d+\\.\\d+\\.\\d+");

    private HeaderChecks() {
    }

    static void assertPresent(String what, HttpHeaders headers) {
        assertThat(headers.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).as(what).contains("DENY");
        assertThat(headers.allValues("X-Frame-Options")).as(what).hasSize(1);
        assertThat(headers.firstValue("Referrer-Policy")).as(what).contains("same-origin");
        assertThat(headers.firstValue("Permissions-Policy")).as(what).hasValueSatisfying(p ->
                assertThat(p).contains("camera=()").contains("microphone=()").contains("geolocation=()"));
        assertThat(headers.firstValue("Cross-Origin-Opener-Policy")).as(what).contains("same-origin");
        assertThat(headers.firstValue("Cross-Origin-Resource-Policy")).as(what).contains("same-origin");
        assertThat(headers.allValues("Content-Security-Policy")).as(what).singleElement().satisfies(csp -> {
            assertThat(csp).contains("frame-ancestors 'none'").contains("base-uri 'none'");
            assertThat(csp).doesNotContain("unsafe-eval");
            assertThat(csp.replaceAll(".*script-src([^;]*).*", "$1")).as(what).doesNotContain("unsafe-inline");
        });
        assertThat(headers.map()).as(what).doesNotContainKeys("server", "x-powered-by", "Server", "X-Powered-By");
        assertThat(headers.firstValue("Strict-Transport-Security")).as(what + ": HSTS only over TLS").isEmpty();
    }

    /** An error answer: nothing in it names a class, a product or a version, and nothing is a stack trace. */
    static void assertTellsNothingInternal(String what, String answer) {
        // names the JSF specification gives the view state field and the page root: in every partial response
        String body = answer.replace("jakarta.faces.ViewState", "").replace("jakarta.faces.ViewRoot", "");
        assertThat(body).as(what).doesNotContainPattern(CLASS_NAME).doesNotContainPattern(VERSION)
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Payara")
                .doesNotContain("GlassFish").doesNotContain("Grizzly").doesNotContain("Jersey")
                .doesNotContain("Mojarra").doesNotContain("PrimeFaces").doesNotContain("Hibernate");
    }
}
