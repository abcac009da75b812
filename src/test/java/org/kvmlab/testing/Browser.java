package org.kvmlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven by Selenium, with waits for PrimeFaces ajax instead of sleeps. */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path screenshots;

    public Browser() {
        try {
            Path profile = Files.createTempDirectory("kvmlab-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", "--window-size=1500,1100", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
            driver = new ChromeDriver(service, options);
            screenshots = Files.createDirectories(Path.of(System.getProperty("kvmlab.testOutput", "target"))
                    .resolve("screenshots"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Signs in on the platform's sign-in page and waits until the page names the person. */
    public void signIn(KvmlabServer server, String user, String password) {
        open(server.url("/login.xhtml"));
        type(By.id("login:username"), user);
        type(By.id("login:password"), password);
        click(By.id("login:signin"));
        find(By.cssSelector(".who"));
    }

    public void open(java.net.URI uri) {
        driver.get(uri.toString());
    }

    public WebElement find(By by) {
        return waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** A wait that looks again when the page replaced the element it was reading (PrimeFaces polls re-render). */
    /** The visible text of an element, read again if the page re-rendered it meanwhile. */
    public String text(By by) {
        return waitUpTo(Duration.ofSeconds(30)).until(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    public WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Clicks and waits until PrimeFaces has no ajax request in flight. The lab page polls the guest state every
     * few seconds and re-renders its buttons, so an element found a moment ago can be replaced before the click
     * lands: then it is looked up again and clicked once more.
     */
    public void click(By by) {
        for (int attempt = 1; ; attempt++) {
            try {
                waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(by)).click();
                break;
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        awaitAjax(Duration.ofSeconds(120));
    }

    public void awaitAjax(Duration timeout) {
        waitUpTo(timeout).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && (!window.jQuery || jQuery.active === 0)"
                        + " && (!window.PrimeFaces || PrimeFaces.ajax.Queue.isEmpty());")));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs asynchronous JavaScript: it calls {@code arguments[arguments.length - 1]} with its result. */
    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    public void type(By by, String text) {
        WebElement field = find(by);
        field.clear();
        field.sendKeys(text);
    }

    public Path screenshot(String name) {
        try {
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
