package org.kvmlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.Browser;
import org.kvmlab.testing.RunningPlatform;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.Solutions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A student in a real browser: sign up, start the virtio lab on a real guest, Check (fails, with guide links),
 * fix the XML in the editor, see a refusal, apply, power cycle, Check (passes), end the lab.
 */
class StudentFlowIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("browser");

    static Browser browser;

    @BeforeAll
    static void openBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void studentFixesTheGuestAndPasses() throws Exception {
        Lab lab = Labs.lab("virtio-devices");
        browser.open(platform.server().url("/"));
        assertThat(browser.driver().getCurrentUrl()).contains("/login.xhtml");
        browser.click(By.linkText("Create a student account"));
        browser.type(By.id("signup:username"), "dana");
        browser.type(By.id("signup:password"), "green-lantern-1984");
        browser.type(By.id("signup:repeat"), "green-lantern-1984");
        browser.click(By.id("signup:create"));
        assertThat(browser.find(By.cssSelector(".who")).getText()).contains("dana");

        WebElement card = browser.find(By.cssSelector("article[data-lab='virtio-devices']"));
        assertThat(card.getText()).contains("Paravirtual devices");
        browser.click(By.cssSelector("article[data-lab='virtio-devices'] .start"));
        // Start answers at once: the lab page says the guest is booting, then opens afresh when it is ready
        browser.waitUpTo(Duration.ofSeconds(60)).until(ExpectedConditions.urlContains("/lab.xhtml?s="));
        String sessionId = browser.driver().getCurrentUrl().replaceAll(".*[?&]s=([0-9a-f-]+).*", "$1");
        assertThat(browser.find(By.cssSelector(".waiting h2")).getText()).isEqualTo("Your lab guest is booting");
        assertThat(browser.find(By.cssSelector(".waiting-estimate")).getText()).startsWith("Ready ");
        browser.screenshot("student-flow-0-booting");
        browser.waitUpTo(Duration.ofSeconds(120)).until(d -> !d.findElements(By.cssSelector(".guest-state [data-state]"))
                .isEmpty() && d.findElement(By.cssSelector(".guest-state [data-state]")).getAttribute("data-state")
                .equals("running"));
        assertThat(browser.driver().findElements(By.cssSelector(".waiting"))).isEmpty();
        assertThat(browser.find(By.cssSelector(".step-text")).getText()).contains("virtio");
        // the countdown's script fills it in once a second after the page loads ("time left…" until then)
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector(".countdown")).getText()
                .matches("\\d+:\\d\\d(:\\d\\d)? left"));

        // Check before any change: failures, each with a reason and a guide link
        List<WebElement> before = checkAllUntilAgentAnswers();
        assertThat(before).anyMatch(r -> r.getAttribute("class").contains("result-FAILED"));
        assertThat(browser.driver().findElements(By.cssSelector(".result-FAILED .guide-link")))
                .allMatch(a -> a.getAttribute("href").contains("/guides/paravirtual-devices#"));
        browser.screenshot("student-flow-1-before");

        // continuous checking: this step's checks tick by themselves, before any Check
        browser.waitUpTo(Duration.ofSeconds(90)).until(d -> !d.findElements(
                By.cssSelector(".auto-checks .live-result.result-FAILED")).isEmpty());

        // hints come one at a time
        browser.click(By.cssSelector(".help-disk .show-hint"));
        assertThat(browser.text(By.cssSelector(".help-disk .hints"))).contains(lab.step("disk").orElseThrow()
                .hints().get(0));
        assertThat(browser.driver().findElements(By.cssSelector(".help-disk .hints li"))).hasSize(1);

        // more time
        browser.click(By.id("lab:extend"));
        assertThat(browser.text(By.cssSelector(".page-messages"))).contains("The session now ends at");
        // the countdown counts to the server's expiry, to the nanosecond it stores
        Api dana = new Api(platform.server(), "dana", "green-lantern-1984");
        String serverExpiry = dana.get("/api/sessions/" + sessionId).object().getString("expiresAt");
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> serverExpiry.equals(d.findElement(
                By.cssSelector(".countdown")).getAttribute("data-expires")));

        // the virsh shell answers in the learner's names
        WebElement terminal = browser.find(By.cssSelector(".virsh-terminal .ui-terminal-input"));
        terminal.sendKeys("domstate web01" + org.openqa.selenium.Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".virsh-terminal"))
                .getText().contains("running"));
        browser.find(By.cssSelector(".virsh-terminal .ui-terminal-input")).sendKeys("dominfo nobody"
                + org.openqa.selenium.Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".virsh-terminal"))
                .getText().contains("error: failed to get domain 'nobody'"));

        // a reload keeps the step the learner is on and their shell history
        browser.click(By.xpath("//a[contains(., '2. ')][ancestor::*[contains(@class,'ui-tabs-nav')]]"));
        browser.driver().navigate().refresh();
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(
                ".ui-tabs-nav li.ui-state-active")).getText().startsWith("2. "));
        WebElement input = browser.find(By.cssSelector(".virsh-terminal .ui-terminal-input"));
        input.sendKeys(org.openqa.selenium.Keys.ARROW_UP);
        assertThat(input.getAttribute("value")).isEqualTo("dominfo nobody");
        input.sendKeys(org.openqa.selenium.Keys.ARROW_UP);
        assertThat(input.getAttribute("value")).isEqualTo("domstate web01");
        input.clear();
        browser.click(By.xpath("//a[contains(., '1. ')][ancestor::*[contains(@class,'ui-tabs-nav')]]"));

        // the serial console: connected to the guest's shell, typing works, and it comes back after a reload
        consoleRuns("echo kvmlab-$((6*7))", "kvmlab-42");
        // the graphical console connects through the platform's bridge and draws the guest's screen
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> "connected".equals(d.findElement(
                By.cssSelector(".vnc-console")).getAttribute("data-state")));
        assertThat(browser.find(By.cssSelector(".vnc-screen canvas")).getSize().getWidth()).isPositive();
        browser.driver().navigate().refresh();
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> "connected".equals(d.findElement(
                By.cssSelector(".vnc-console")).getAttribute("data-state")));
        browser.screenshot("student-flow-reloaded");
        // consoles are capped per learner: seven more displays on top of the page's own, and some are refused
        Object refusals = browser.asyncScript("var done = arguments[arguments.length - 1], codes = [], sockets = [];"
                + "var base = location.origin.replace(/^http/, 'ws') + arguments[1];"
                + "for (var i = 0; i < 7; i++) {"
                + "  fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + "    body: 'kind=vnc&g=web01&s=' + arguments[2]}).then(function (r) { return r.text(); })"
                + "  .then(function (t) { var ws = new WebSocket(base + t); sockets.push(ws);"
                + "    ws.onclose = function (e) { codes.push(e.code + ' ' + e.reason); }; });"
                + "}"
                + "setTimeout(function () { sockets.forEach(function (w) { w.onclose = null; w.close(); });"
                + "  done(codes.join('|')); }, 5000);",
                platform.server().url("/console-ticket").toString(), "/vnc/socket/", sessionId);
        assertThat((String) refusals).contains("1013 You have 6 consoles open already");
        consoleRuns("echo again-$((2*21))", "again-42");
        browser.screenshot("student-flow-console");

        // a refused edit: names the element, changes nothing
        String original = editorText();
        setEditorText(original.replace("<devices>", "<devices>\n    <hostdev mode='subsystem' type='pci'/>"));
        browser.click(By.id("lab:apply"));
        assertThat(browser.find(By.cssSelector(".apply-errors")).getText()).contains("<hostdev> is not allowed");
        // marked on its line in the editor, with the change it would have made
        assertThat(browser.text(By.cssSelector(".CodeMirror .problem-marker"))).contains("<hostdev> is not allowed");
        assertThat(browser.text(By.cssSelector(".xml-diff"))).contains("not applied");
        assertThat(browser.text(By.cssSelector(".xml-diff .diff-add"))).contains("<hostdev");
        browser.screenshot("student-flow-refused-edit");
        browser.click(By.id("lab:reload"));
        assertThat(browser.driver().findElements(By.cssSelector(".CodeMirror .problem-marker"))).isEmpty();

        assertThat(editorText()).isEqualTo(original);

        // the fix, step by step, as the student types it
        for (LabStep step : lab.steps()) {
            setEditorText(Solutions.edit(editorText(), step));
            browser.click(By.id("lab:apply"));
            assertThat(browser.find(By.cssSelector(".page-messages")).getText()).containsIgnoringCase("saved");
            assertThat(browser.text(By.cssSelector(".xml-diff"))).contains("What Apply changed");
            assertThat(browser.driver().findElements(By.cssSelector(".xml-diff .diff-add, .xml-diff .diff-del")))
                    .isNotEmpty();
        }
        // the power cycle, typed in virsh: the checks below see what the shell did
        virsh("destroy web01", "Domain 'web01' destroyed");
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".guest-state [data-state]"))
                .getAttribute("data-state").equals("shut off"));
        virsh("start web01", "Domain 'web01' started");
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> d.findElement(By.cssSelector(".guest-state [data-state]"))
                .getAttribute("data-state").equals("running"));

        // the background checks of step 1 turn green without a Check
        browser.waitUpTo(Duration.ofSeconds(120)).until(d -> {
            List<WebElement> live = d.findElements(By.cssSelector(".auto-checks .live-result"));
            return !live.isEmpty() && live.stream().allMatch(r -> r.getAttribute("class").contains("result-PASSED"));
        });
        browser.screenshot("student-flow-ticking");

        // snapshots written as XML: a host file is refused on its line, an internal snapshot is taken
        setEditorText(".snapshots", "<domainsnapshot>\n  <name>after-fix</name>\n  <memory snapshot='external'"
                + " file='/tmp/x'/>\n</domainsnapshot>");
        browser.click(By.id("lab:createSnapshot"));
        assertThat(browser.text(By.cssSelector(".snapshots .CodeMirror .problem-marker"))).contains("host");
        setEditorText(".snapshots", "<domainsnapshot><name>after-fix</name></domainsnapshot>");
        browser.click(By.id("lab:createSnapshot"));
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> !d.findElements(
                By.cssSelector(".snapshot-list tr[data-snapshot='after-fix']")).isEmpty());
        assertThat(browser.text(By.cssSelector(".network"))).contains("<network").doesNotContain("connections");

        List<WebElement> after = checkAllUntilAgentAnswers();
        assertThat(after).allMatch(r -> r.getAttribute("class").contains("result-PASSED"));
        assertThat(browser.find(By.cssSelector(".score")).getText()).contains(lab.maxScore() + " / " + lab.maxScore());
        browser.screenshot("student-flow-2-passed");

        // skip to step 3: a fresh guest with steps 1 and 2 solved for the learner, step 3 still to do
        browser.click(By.xpath("//a[contains(., '3. ')][ancestor::*[contains(@class,'ui-tabs-nav')]]"));
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".skip-to-step")).stream()
                .anyMatch(WebElement::isDisplayed));
        browser.driver().findElements(By.cssSelector(".skip-to-step")).stream().filter(WebElement::isDisplayed)
                .findFirst().orElseThrow().click();
        browser.click(By.cssSelector(".ui-confirmdialog-yes"));
        try {
            browser.waitUpTo(Duration.ofSeconds(180)).until(d -> d.findElement(By.cssSelector(".page-messages"))
                    .getText().contains("every step before this one done"));
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("student-flow-skip-failed");
            throw e;
        }
        assertThat(editorText()).contains("bus='virtio'").contains("type='qcow2'").contains("<model type='virtio'/>")
                .contains("<sound");
        assertThat(browser.driver().findElements(By.cssSelector(".snapshot-list tr[data-snapshot]"))).isEmpty();

        // another learner finds nothing of dana's: not the page, not a console ticket, not the API
        browser.driver().manage().deleteAllCookies();
        browser.open(platform.server().url("/signup.xhtml"));
        browser.type(By.id("signup:username"), "erin");
        browser.type(By.id("signup:password"), "amber-kettle-2077");
        browser.type(By.id("signup:repeat"), "amber-kettle-2077");
        browser.click(By.id("signup:create"));
        assertThat(browser.find(By.cssSelector(".who")).getText()).contains("erin");
        browser.open(platform.server().url("/lab.xhtml?s=" + sessionId));
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Lab session not found");
        Object ticketStatus = browser.asyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + " body: 's=' + arguments[1] + '&g=web01'}).then(function (r) { done(r.status); });",
                platform.server().url("/console-ticket").toString(), sessionId);
        assertThat(((Number) ticketStatus).intValue()).isEqualTo(404);
        Api erin = new Api(platform.server(), "erin", "amber-kettle-2077");
        assertThat(erin.get("/api/sessions/" + sessionId).status()).isEqualTo(404);
        assertThat(erin.postJson("/api/sessions/" + sessionId + "/shell", "{\"command\":\"list --all\"}").status())
                .isEqualTo(404);
        browser.driver().manage().deleteAllCookies();
        browser.open(platform.server().url("/login.xhtml"));
        browser.type(By.id("login:username"), "dana");
        browser.type(By.id("login:password"), "green-lantern-1984");
        browser.click(By.id("login:signin"));
        browser.open(platform.server().url("/lab.xhtml?s=" + sessionId));

        // end the lab: the guest and its disk are gone, the results stay
        browser.click(By.id("lab:end"));
        browser.click(By.cssSelector(".ui-confirmdialog-yes"));
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().contains("ended=1"));
        assertThat(browser.find(By.cssSelector(".sessions")).getText()).contains("ended");
        browser.screenshot("student-flow-3-ended");
        assertThat(platform.libvirt().listGuests("kvmlab-" + sessionId)).isEmpty();
        assertThat(platform.server().dataDir().resolve("sessions").toFile().list())
                .noneMatch(f -> f.startsWith("kvmlab-" + sessionId));
    }

    /** Types a virsh command in the page's shell and waits for its output. */
    private static void virsh(String command, String expected) {
        browser.find(By.cssSelector(".virsh-terminal .ui-terminal-input")).sendKeys(command
                + org.openqa.selenium.Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> d.findElement(By.cssSelector(".virsh-terminal"))
                .getText().contains(expected));
    }

    /**
     * Waits for the console to connect, types a command and waits for its output on the screen; types it
     * again if the output does not come (as a person would when keys were lost while the page was busy).
     */
    private static void consoleRuns(String command, String expected) {
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> "connected".equals(d.findElement(
                By.cssSelector(".serial-console")).getAttribute("data-state")));
        for (int attempt = 1; ; attempt++) {
            browser.script("document.querySelector('.serial-console .xterm-helper-textarea').focus();");
            browser.driver().findElement(By.cssSelector(".serial-console .xterm-helper-textarea"))
                    .sendKeys(command + org.openqa.selenium.Keys.ENTER);
            try {
                browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(
                        By.cssSelector(".serial-console .xterm-rows")).getText().contains(expected));
                return;
            } catch (org.openqa.selenium.TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Presses "Check all steps" until no check is waiting for the guest agent (the guest may be booting). */
    private static List<WebElement> checkAllUntilAgentAnswers() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<WebElement> rows;
        do {
            browser.click(By.id("lab:checkAll"));
            rows = browser.driver().findElements(By.cssSelector(".results tr.result"));
            boolean waiting = rows.stream().anyMatch(r -> r.getAttribute("class").contains("result-UNAVAILABLE"));
            if (!rows.isEmpty() && !waiting) {
                return rows;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return rows;
    }

    private static String editorText() {
        return (String) browser.script("return document.querySelector('.CodeMirror').CodeMirror.getValue();");
    }

    private static void setEditorText(String text) {
        setEditorText(".editor", text);
    }

    /** Sets the text of the code editor in the card with this CSS class. */
    private static void setEditorText(String card, String text) {
        browser.script("document.querySelector(arguments[0] + ' .CodeMirror').CodeMirror.setValue(arguments[1]);",
                card, text);
    }
}
