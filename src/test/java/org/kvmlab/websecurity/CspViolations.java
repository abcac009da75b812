package org.kvmlab.websecurity;

import java.util.List;
import java.util.Map;
import org.kvmlab.testing.Browser;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Collects the browser's Content-Security-Policy violations: a listener installed in every new document before
 * the page's own scripts run (through the DevTools protocol), read back after the page has done its work.
 */
public final class CspViolations {

    private static final String COLLECT = "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', function (e) {"
            + "  window.__cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline')"
            + "      + ' in ' + e.sourceFile + ':' + e.lineNumber);"
            + "});";

    private final Browser browser;

    public CspViolations(Browser browser) {
        this.browser = browser;
        ((ChromeDriver) browser.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", COLLECT));
    }

    /** The violations of the page now open. */
    @SuppressWarnings("unchecked")
    public List<String> ofThisPage() {
        Object found = browser.script("return window.__cspViolations || ['(the collector did not run)'];");
        return (List<String>) found;
    }
}
