package org.kvmlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.authoring.LabArchive;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.Browser;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.RunningPlatform;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An instructor in a real browser: upload a broken lab (every lint problem shown, nothing stored), upload a
 * good one, preview it as a student would, run its self-test on a real guest with live progress, publish it.
 * A student starts it; a second version published later does not change the student's running session.
 */
class AuthoringFlowIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("authoring");

    static Browser browser;
    static Path work;

    @BeforeAll
    static void openBrowser() throws IOException {
        browser = new Browser();
        work = Files.createTempDirectory("kvmlab-upload");
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path zip(String name, Path folder) throws IOException {
        return Files.write(work.resolve(name), LabArchive.pack(folder));
    }

    @Test
    void instructorUploadsProvesAndPublishesALab() throws Exception {
        Path broken = zip("broken.zip", Path.of("src/test/resources/lint-fixtures/broken-check"));
        Path good = zip("good.zip", Path.of("src/test/resources/upload-fixtures/upload-demo"));

        browser.open(platform.server().url("/author/labs.xhtml"));
        browser.type(By.id("login:username"), "admin");
        browser.type(By.id("login:password"), KvmlabServer.ADMIN_PASSWORD);
        browser.click(By.id("login:signin"));
        browser.waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.not(ExpectedConditions.urlContains("login")));
        browser.open(platform.server().url("/author/labs.xhtml"));
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Lab authoring");

        // a broken lab: every problem with its place, nothing stored
        upload(broken);
        String problems = browser.text(By.cssSelector(".lint-problems"));
        assertThat(problems).contains("broken-check/lab.yaml:15:9: check 'two-vcpus': Invalid XPath")
                .contains("broken-check/vm1.xml:11:").contains("<hostdev> is not allowed")
                .contains("broken-check/steps/vcpus.md:3:1: raw HTML");
        assertThat(browser.text(By.cssSelector(".versions"))).doesNotContain("broken-check");
        browser.screenshot("authoring-1-lint");

        // a good lab: stored as draft version 1, previewed as a student reads it
        upload(good);
        assertThat(browser.text(By.cssSelector("#upload\\:messages"))).contains("Stored as version 1 of upload-demo");
        browser.click(By.cssSelector(".preview-link"));
        browser.waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/author/preview.xhtml"));
        assertThat(browser.text(By.cssSelector(".preview-title"))).isEqualTo("Uploaded demo lab");
        assertThat(browser.text(By.cssSelector(".preview-step .step-text"))).contains("Give vm1 two vCPUs");
        assertThat(browser.text(By.cssSelector(".preview-check[data-check='two-vcpus']")))
                .contains("The guest has two vCPUs");
        assertThat(browser.find(By.id("selftest:publish")).getAttribute("class")).contains("ui-state-disabled");

        // the self-test runs on a real guest with live progress, then the version can be published
        selfTestPasses();
        browser.screenshot("authoring-2-selftest");
        browser.click(By.id("selftest:publish"));
        assertThat(browser.text(By.cssSelector("#selftest\\:messages"))).contains("is published");

        // a student sees and starts version 1
        Api.signUp(platform.server(), "erin", "blue-harbour-2031");
        Api student = new Api(platform.server(), "erin", "blue-harbour-2031");
        JsonObject demo = labInCatalog(student);
        assertThat(demo.getInt("version")).isEqualTo(1);
        Api.Reply started = student.startLab("upload-demo");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String session = started.object().getString("id");
        assertThat(started.object().getInt("labVersion")).isEqualTo(1);

        // the instructor publishes version 2; the running session keeps version 1
        Path v2 = Files.createDirectories(work.resolve("v2"));
        copyTree(Path.of("src/test/resources/upload-fixtures/upload-demo"), v2.resolve("upload-demo"));
        Path yaml = v2.resolve("upload-demo/lab.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("title: Uploaded demo lab", "title: Uploaded demo lab, v2"));
        browser.open(platform.server().url("/author/labs.xhtml"));
        upload(zip("v2.zip", v2.resolve("upload-demo")));
        assertThat(browser.text(By.cssSelector("#upload\\:messages"))).contains("Stored as version 2 of upload-demo");
        browser.click(By.cssSelector(".preview-link"));
        browser.waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("v=2"));
        selfTestPasses();
        browser.click(By.id("selftest:publish"));
        assertThat(browser.text(By.cssSelector("#selftest\\:messages"))).contains("is published");

        assertThat(labInCatalog(student).getInt("version")).isEqualTo(2);
        JsonObject mine = student.get("/api/sessions/" + session).object();
        assertThat(mine.getInt("labVersion")).isEqualTo(1);
        assertThat(student.post("/api/sessions/" + session + "/grade").status()).isEqualTo(200);
        assertThat(student.delete("/api/sessions/" + session).status()).isIn(200, 204);
    }

    private static void upload(Path zip) {
        browser.find(By.id("upload:file")).sendKeys(zip.toAbsolutePath().toString());
        browser.click(By.id("upload:send"));
    }

    private static void selfTestPasses() {
        browser.click(By.id("selftest:run"));
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".selftest-progress"))
                .getText().contains("booting"));
        browser.waitUpTo(Duration.ofMinutes(4)).until(d -> d.findElement(By.cssSelector(".selftest-progress"))
                .getText().matches("(?s).*(PASSED|FAILED) in \\d+ s.*"));
        assertThat(browser.text(By.cssSelector(".selftest-progress"))).contains("PASSED in")
                .contains("vcpus/two-vcpus");
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElement(By.id("selftest:publish"))
                .getAttribute("class").contains("ui-state-disabled"));
    }

    private static JsonObject labInCatalog(Api api) {
        return api.get("/api/labs").json().asJsonArray().stream().map(v -> v.asJsonObject())
                .filter(l -> l.getString("id").equals("upload-demo")).findFirst().orElseThrow();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
