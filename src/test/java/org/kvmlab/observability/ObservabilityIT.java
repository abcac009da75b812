package org.kvmlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.Browser;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.PageClient;
import org.kvmlab.testing.RunningPlatform;
import org.kvmlab.websecurity.CspViolations;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Health and metrics of the packaged platform on libvirt's test driver: readiness names the database and the
 * hypervisor and nothing more, Payara's /metrics answers admins only, a boot and a grading show up in it, and
 * the admin page draws its charts in Chromium under the site's Content-Security-Policy.
 */
class ObservabilityIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("observability",
            Map.of("KVMLAB_LIBVIRT_URI", "test:///default"));

    private static final String STUDENT = "omar";
    private static final String STUDENT_PASSWORD = "amber-harbor-3175";

    private static Api student;
    private static Api admin;

    @BeforeAll
    static void accounts() {
        KvmlabServer server = platform.server();
        Api.signUp(server, STUDENT, STUDENT_PASSWORD);
        student = new Api(server, STUDENT, STUDENT_PASSWORD);
        admin = new Api(server, "admin", KvmlabServer.ADMIN_PASSWORD);
    }

    private static java.net.http.HttpResponse<String> plainGet(String path) {
        return new PageClient(platform.server()).get(path);
    }

    @Test
    void readinessIsUpAndNamesTheDatabaseAndEachHost() {
        HttpResponse<String> ready = plainGet("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonObject health = jakarta.json.Json.createReader(new java.io.StringReader(ready.body())).readObject();
        assertThat(health.getString("status")).isEqualTo("UP");
        JsonObject kvmlab = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("kvmlab")).findFirst().orElseThrow();
        assertThat(kvmlab.getString("status")).isEqualTo("UP");
        assertThat(kvmlab.getJsonObject("data")).containsOnlyKeys("database", "host-local");
        assertThat(kvmlab.getJsonObject("data").getString("database")).isEqualTo("UP");
        assertThat(kvmlab.getJsonObject("data").getString("host-local")).isEqualTo("UP");

        HttpResponse<String> live = plainGet("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void healthShowsNoAddressVersionOrProduct() {
        HttpResponse<String> health = plainGet("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"database\":\"UP\"").contains("\"host-local\":\"UP\"")
                .doesNotContain("://").doesNotContain("test").doesNotContain("H2").doesNotContain("libvirt")
                .doesNotContainPattern("\\d+\\.\\d+\\.\\d+").doesNotContain("demo");
    }

    @Test
    void metricsAreForAdminsOnly() {
        HttpResponse<String> nobody = plainGet("/metrics");
        assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(401);
        assertThat(nobody.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Basic"));
        assertThat(nobody.body()).doesNotContain("kvmlab_").doesNotContain("# TYPE");
        Api.Reply wrongPassword = new Api(platform.server(), "admin", "not-the-password").get("/metrics");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).doesNotContain("# TYPE");

        for (String path : List.of("/metrics", "/metrics?scope=application", "/metrics?scope=base")) {
            Api.Reply learner = student.get(path);
            assertThat(learner.status()).as(path + ": " + learner.body()).isEqualTo(403);
            assertThat(learner.body()).doesNotContain("kvmlab_").doesNotContain("# TYPE");
        }

        Api.Reply all = admin.get("/metrics");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.contentType()).startsWith("text/plain");
        // the sessions-per-host gauge is registered at start-up
        assertThat(all.body()).containsPattern("(?m)^kvmlab_sessions\\{host=\"[^\"]+\",mp_scope=\"application\"} ");
    }

    @Test
    void aBootAndAGradingShowUpInTheMetrics() {
        double bootsBefore = sum(metrics(), "kvmlab_boots_total", "outcome=\"ok\"");
        double gradingsBefore = sum(metrics(), "kvmlab_grading_seconds_count", "");

        Api.Reply started = student.startLab("virtio-devices");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.object().getString("id");
        try {
            assertThat(student.post("/api/sessions/" + id + "/grade").status()).isEqualTo(200);
            String text = metrics();
            assertThat(sum(text, "kvmlab_boots_total", "outcome=\"ok\"")).isEqualTo(bootsBefore + 1);
            assertThat(text).containsPattern("(?m)^kvmlab_boots_total\\{host=\"[^\"]+\",mp_scope=\"application\","
                    + "outcome=\"ok\",source=\"fresh\"} ");
            assertThat(sum(text, "kvmlab_boot_time_seconds_count", "outcome=\"ok\"")).isEqualTo(bootsBefore + 1);
            assertThat(sum(text, "kvmlab_grading_seconds_count", "")).isEqualTo(gradingsBefore + 1);
            assertThat(text).contains("kvmlab_grading_seconds{agent_checks=\"true\",mp_scope=\"application\","
                    + "quantile=\"0.95\"}");
        } finally {
            assertThat(student.delete("/api/sessions/" + id).status()).isEqualTo(204);
        }
    }

    @Test
    void theAdminPageDrawsItsChartsUnderThePolicyAndLearnersCannotOpenIt() {
        Api.Reply started = student.startLab("virtio-devices");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(student.post("/api/sessions/" + started.object().getString("id") + "/grade").status())
                .isEqualTo(200);
        try (Browser browser = new Browser()) {
            CspViolations csp = new CspViolations(browser);
            browser.signIn(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
            browser.open(platform.server().url("/admin/sessions.xhtml")); // the admin pages link to it
            browser.click(By.linkText("Capacity & metrics"));
            browser.awaitAjax(Duration.ofSeconds(30));
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Capacity & metrics");

            assertThat(browser.text(By.cssSelector(".readiness .component-database"))).isEqualTo("UP");
            assertThat(browser.text(By.cssSelector(".readiness .component-host-local"))).isEqualTo("UP");
            assertThat(browser.text(By.cssSelector(".readiness"))).contains("demo mode").contains("libvirt");

            // boots are charted from each boot's time; sessions and grading time from samples taken every 10 s,
            // which the page's poll brings in
            assertDrawn(browser, "bootsPerMinute");
            assertDrawn(browser, "bootTimes");
            for (String sampled : List.of("sessionsPerHost", "gradingLatency", "queueLength")) {
                browser.waitUpTo(Duration.ofSeconds(40)).until(d -> !d.findElements(
                        By.cssSelector("[id$='" + sampled + "'] canvas")).isEmpty());
                assertDrawn(browser, sampled);
            }
            // the boot queue's gauges are registered at start-up; no lab has a warm pool here
            assertThat(browser.text(By.id("metrics"))).doesNotContain("No boot queue reports yet.")
                    .contains("No warm pool reports yet.");
            browser.screenshot("admin-metrics");
            assertThat(csp.ofThisPage()).as("metrics page").isEmpty();
        } finally {
            student.delete("/api/sessions/" + started.object().getString("id"));
        }

        PageClient learner = new PageClient(platform.server());
        assertThat(learner.signIn(STUDENT, STUDENT_PASSWORD).statusCode()).isEqualTo(302);
        HttpResponse<String> page = learner.get("/admin/metrics.xhtml");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).doesNotContain("Capacity").doesNotContain("canvas");
    }

    /** The chart's canvas is there, has a size, and Chart.js holds a chart with data for it. */
    private static void assertDrawn(Browser browser, String chart) {
        WebElement canvas = browser.find(By.cssSelector("[id$='" + chart + "'] canvas"));
        assertThat(canvas.getSize().getWidth()).as(chart + " width").isGreaterThan(100);
        assertThat(canvas.getSize().getHeight()).as(chart + " height").isGreaterThan(50);
        Object points = browser.script("var c = Chart.getChart(arguments[0]);"
                + " return c ? c.data.datasets.reduce(function (n, d) { return n + d.data.length; }, 0) : -1;", canvas);
        assertThat(((Number) points).intValue()).as(chart + " data points").isPositive();
    }

    private static String metrics() {
        Api.Reply reply = admin.get("/metrics?scope=application");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }

    /** The sum of a metric's values over the lines that carry {@code having} among their tags. */
    private static double sum(String text, String name, String having) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(text);
        double total = 0;
        while (m.find()) {
            if (m.group(1).contains(having)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
