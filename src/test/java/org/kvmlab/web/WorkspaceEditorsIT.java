package org.kvmlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.Browser;
import org.kvmlab.testing.RunningPlatform;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The lab page's editors under the learner policy, in a real browser (demo mode: the policy is judged before
 * libvirt, the same on a simulated hypervisor): the session's own network edited within the policy and only
 * with its guests off, a grant the lab does not have, and a virsh command kvmlab never offers.
 */
class WorkspaceEditorsIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("editors",
            Map.of("KVMLAB_LIBVIRT_URI", "test:///default"));

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
    void theNetworkEditorAndTheShellKeepToThePolicy() {
        Api.signUp(platform.server(), "noor", "harbour-violin-5528");
        Api noor = new Api(platform.server(), "noor", "harbour-violin-5528");
        Api.Reply started = noor.startLab("virtio-devices");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String session = started.object().getString("id");

        browser.open(platform.server().url("/login.xhtml"));
        browser.type(By.id("login:username"), "noor");
        browser.type(By.id("login:password"), "harbour-violin-5528");
        browser.click(By.id("login:signin"));
        browser.open(platform.server().url("/lab.xhtml?s=" + session));
        // the page's script turns each XML text area into a code editor once it has loaded
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector(".network .CodeMirror"))
                .isEmpty() && !d.findElements(By.cssSelector(".editor .CodeMirror")).isEmpty());
        assertThat(browser.text(By.cssSelector(".network h2"))).contains("your session's own isolated network");
        String network = editorText(".network");
        assertThat(network).contains("<name>kvmlab-" + session + "-net</name>");

        // forwarding would connect the lab network to the host's: refused, marked on its line, nothing changed
        setEditorText(".network", network.replace("</network>", "  <forward mode='nat'/>\n</network>"));
        browser.click(By.id("lab:applyNetwork"));
        assertThat(browser.text(By.cssSelector(".network-errors"))).contains("<forward> is not allowed");
        assertThat(browser.text(By.cssSelector(".network .CodeMirror .problem-marker"))).contains("<forward>");
        assertThat(noor.get("/api/sessions/" + session + "/networks/lab/xml").body()).doesNotContain("<forward");

        // a network restarts to change, which would cut a running guest's link
        String mtu = network.replace("</network>", "  <mtu size='1400'/>\n</network>");
        setEditorText(".network", mtu);
        browser.click(By.id("lab:applyNetwork"));
        assertThat(browser.text(By.cssSelector(".page-messages"))).contains("Shut down web01 first");

        browser.click(By.id("lab:destroy"));
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".guest-state [data-state]"))
                .getAttribute("data-state").equals("shut off"));
        setEditorText(".network", mtu);
        browser.click(By.id("lab:applyNetwork"));
        assertThat(browser.text(By.cssSelector(".page-messages"))).contains("Network saved and restarted");
        assertThat(editorText(".network")).contains("<mtu size='1400'/>");
        assertThat(noor.get("/api/sessions/" + session + "/networks/lab/xml").body()).contains("<mtu size='1400'/>");

        // pinning is for the lab that teaches it
        setEditorText(".editor", editorText(".editor").replace("<os>",
                "<cputune><vcpupin vcpu='0' cpuset='0'/></cputune>\n  <os>"));
        browser.click(By.id("lab:apply"));
        assertThat(browser.text(By.cssSelector(".apply-errors"))).contains("<cputune> is not part of this lab");

        // a virsh command kvmlab never offers says why
        browser.find(By.cssSelector(".virsh-terminal .ui-terminal-input")).sendKeys("save web01 /tmp/web01.save"
                + Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".virsh-terminal"))
                .getText().contains("kvmlab does not offer 'save'"));
        browser.screenshot("workspace-editors");
        assertThat(noor.delete("/api/sessions/" + session).status()).isEqualTo(204);
    }

    private static String editorText(String card) {
        return (String) browser.script("return document.querySelector(arguments[0] + ' .CodeMirror').CodeMirror"
                + ".getValue();", card);
    }

    private static void setEditorText(String card, String text) {
        browser.script("document.querySelector(arguments[0] + ' .CodeMirror').CodeMirror.setValue(arguments[1]);",
                card, text);
    }
}
