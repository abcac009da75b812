package org.kvmlab.websecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.Browser;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.PageClient;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Web security of the packaged platform over real HTTP (demo mode, with an HTTPS port too): the security headers
 * of every kind of response, error answers that tell nothing internal, pages running under their policy in a
 * real browser, CSRF, WebSocket origins, the session cookie and id, login lockout on the page and the API (kept
 * across a restart, audited), and password rules at sign-up and for the first admin. The lockout tests run in
 * order, the restart last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSecurityIT {

    static final String EVIL = "http://evil.example";
    private static final Pattern LOCKED = Pattern.compile(
            "Too many wrong passwords: this account is locked until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(in 1[45]"
                    + " minutes\\)\\. Wait until then and sign in again, or ask an admin to unlock it\\.");
    private static final String WRONG = "The user name or password is wrong. Check them and try again.";

    static KvmlabServer server;

    @BeforeAll
    static void start() {
        server = new KvmlabServer("web-security", Map.of("KVMLAB_LIBVIRT_URI", "test:///default")).withTls();
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static String origin() {
        return "http://" + server.url("/").getAuthority();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void everyKindOfResponseCarriesTheSecurityHeaders() {
        PageClient anyone = new PageClient(server);
        String admin = basic("admin", KvmlabServer.ADMIN_PASSWORD);
        Map<String, HttpResponse<String>> pages = new LinkedHashMap<>();
        pages.put("sign-in page", anyone.get("/login.xhtml"));
        pages.put("guides", anyone.get("/guides/"));
        pages.put("a guide", anyone.get("/guides/paravirtual-devices"));
        Map<String, HttpResponse<String>> others = new LinkedHashMap<>();
        others.put("API", anyone.get("/api/labs", "Authorization", admin));
        others.put("API 404", anyone.get("/api/nope", "Authorization", admin));
        others.put("API 401", anyone.get("/api/labs"));
        others.put("redirect to sign in", anyone.get("/index.xhtml"));
        others.put("page 404", anyone.get("/nope"));
        others.put("page 405", anyone.send(anyone.request("/schema/lab-v1.json")
                .PUT(HttpRequest.BodyPublishers.noBody())));
        Map<String, HttpResponse<String>> files = new LinkedHashMap<>();
        files.put("style sheet", anyone.get("/resources/kvmlab/kvmlab.css"));
        files.put("JSF resource", anyone.get("/jakarta.faces.resource/kvmlab/kvmlab.css.xhtml"));
        files.put("noVNC module", anyone.get("/novnc/core/rfb.js"));

        for (var all : List.of(pages, others, files)) {
            all.forEach((what, reply) -> HeaderChecks.assertPresent(what, reply.headers()));
        }
        pages.forEach((what, page) -> {
            assertThat(page.statusCode()).as(what).isEqualTo(200);
            assertThat(page.headers().firstValue("Cache-Control")).as(what).contains("no-store");
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            String nonce = csp.replaceAll(".*'nonce-([^']+)'.*", "$1");
            assertThat(csp).as(what).startsWith(ContentSecurityPolicy.forPages(server.url("/").getAuthority())
                    + " 'nonce-").contains("connect-src 'self' ws://" + server.url("/").getAuthority());
            assertThat(page.body()).as(what + ": every script carries the nonce").contains("<script")
                    .doesNotContainPattern("<script(?![^>]*nonce=\"" + Pattern.quote(nonce) + "\")");
            assertThat(page.body()).as(what + ": no PrimeFaces version in resource addresses")
                    .doesNotContainPattern("v=\\d+\\.\\d+");
        });
        others.forEach((what, reply) -> {
            assertThat(reply.headers().firstValue("Cache-Control")).as(what).contains("no-store");
            assertThat(reply.headers().firstValue("Content-Security-Policy")).as(what)
                    .contains(ContentSecurityPolicy.OTHER);
        });
        files.forEach((what, file) -> {
            assertThat(file.statusCode()).as(what).isEqualTo(200);
            assertThat(file.headers().allValues("Cache-Control")).as(what).noneMatch(c -> c.contains("no-store"));
        });
    }

    @Test
    @Order(2)
    void errorAnswersShowNoStackTraceNoClassNameNoVersion() {
        PageClient anyone = new PageClient(server);
        String admin = basic("admin", KvmlabServer.ADMIN_PASSWORD);
        PageClient.Page login = anyone.page("/login.xhtml");
        Map<String, String> postback = Map.of("login", "login", "login:username", "x", "login:password", "y",
                "login:signin", "", "jakarta.faces.ViewState", login.viewState());
        Map<String, String> ajax = new LinkedHashMap<>(Map.of("jakarta.faces.partial.ajax", "true",
                "jakarta.faces.source", "login:signin", "jakarta.faces.partial.execute", "@all", "login", "login"));
        Map<String, String> expiredAjax = new LinkedHashMap<>(ajax);
        expiredAjax.put("jakarta.faces.ViewState", "1234:5678");
        ajax.put("jakarta.faces.ViewState", login.viewState());
        String[] partial = {"Faces-Request", "partial/ajax"};

        record Case(String what, HttpResponse<String> reply, int status, String says) {
        }
        List<Case> cases = List.of(
                new Case("404", anyone.get("/no/such/page"), 404, "This page does not exist."),
                new Case("405", anyone.send(anyone.request("/schema/lab-v1.json")
                        .DELETE()), 405, "kvmlab could not handle this request."),
                new Case("500: a JSF exception (a form post without the page's nonce)",
                        anyone.post("/login.xhtml", postback), 500, "kvmlab could not handle this request."),
                new Case("a malformed JSF post (a view state that was never issued)",
                        anyone.post("/login.xhtml", Map.of("login", "login", "jakarta.faces.ViewState", "garbage")),
                        500, "This page was open too long and has expired."),
                new Case("an ajax post on a view that does not exist", anyone.post("/login.xhtml", expiredAjax,
                        partial), 200, "This page was open too long and has expired."),
                new Case("an exception in an ajax request", anyone.post("/login.xhtml", ajax, partial), 200,
                        "<partial-response>"),
                new Case("a malformed multipart post", anyone.send(anyone.request("/login.xhtml",
                        "Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.ofString("--"))),
                        500, "kvmlab could not handle this request."),
                new Case("the server's OpenAPI document", anyone.get("/openapi/"), 403, "You may not see this page."),
                new Case("Jersey's WADL beside it", anyone.get("/openapi/application.wadl"), 403,
                        "You may not see this page."),
                new Case("the server's metrics (admins only, HTTP Basic)", anyone.get("/metrics"), 401,
                        "{\"error\":"),
                new Case("bad JSON", anyone.send(anyone.request("/api/sessions", "Authorization", admin,
                        "Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"lab\":"))),
                        400, "{\"error\":"),
                new Case("an unknown API address", anyone.get("/api/no/such/thing", "Authorization", admin), 404,
                        "{\"error\":"),
                new Case("an API method that does not exist", anyone.send(anyone.request("/api/labs",
                        "Authorization", admin).method("PATCH", HttpRequest.BodyPublishers.noBody())), 405,
                        "{\"error\":"));
        for (Case c : cases) {
            assertThat(c.reply().statusCode()).as(c.what()).isEqualTo(c.status());
            assertThat(c.reply().body()).as(c.what()).contains(c.says());
            HeaderChecks.assertTellsNothingInternal(c.what(), c.reply().body());
            assertThat(c.reply().headers().map()).as(c.what()).doesNotContainKeys("Server", "X-Powered-By");
        }
    }

    @Test
    @Order(3)
    void pagesRunUnderTheirPolicyInARealBrowser() {
        Api.signUp(server, "pia", "north-window-58");
        try (Browser browser = new Browser()) {
            CspViolations csp = new CspViolations(browser);
            browser.open(server.url("/login.xhtml"));
            assertThat(csp.ofThisPage()).as("sign-in page").isEmpty();
            browser.type(By.id("login:username"), "pia");
            browser.type(By.id("login:password"), "north-window-58");
            browser.click(By.id("login:signin"));
            assertThat(browser.find(By.cssSelector(".who")).getText()).contains("pia");
            assertThat(csp.ofThisPage()).as("labs page").isEmpty();

            browser.click(By.cssSelector("article[data-lab='virtio-devices'] .start"));
            browser.waitUpTo(Duration.ofSeconds(60)).until(ExpectedConditions.urlContains("/lab.xhtml?s="));
            browser.waitUpTo(Duration.ofSeconds(30)).until(d -> "running".equals(d.findElement(
                    By.cssSelector(".guest-state [data-state]")).getAttribute("data-state")));
            // an ajax round trip under the policy: the virsh shell answers
            browser.find(By.cssSelector(".virsh-terminal .ui-terminal-input")).sendKeys("domstate web01" + Keys.ENTER);
            browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".virsh-terminal"))
                    .getText().contains("running"));
            assertThat(browser.driver().findElements(By.cssSelector(".CodeMirror"))).as("the XML editor").isNotEmpty();
            assertThat(csp.ofThisPage()).as("lab page").isEmpty();

            browser.open(server.url("/guides/paravirtual-devices"));
            assertThat(browser.find(By.cssSelector("h1")).getText()).isNotBlank();
            assertThat(csp.ofThisPage()).as("guide page").isEmpty();

            // and the policy is really enforced: a script smuggled into the page does not run
            browser.script("var s = document.createElement('script'); s.textContent = 'window.__smuggled = 1;';"
                    + " document.body.appendChild(s);");
            browser.waitUpTo(Duration.ofSeconds(5)).until(d -> !csp.ofThisPage().isEmpty());
            assertThat(browser.script("return window.__smuggled === undefined;")).isEqualTo(true);
            assertThat(csp.ofThisPage()).singleElement().asString().startsWith("script-src-elem blocked inline");
        }
    }

    @Test
    @Order(4)
    void aFormPostedFromAnotherSiteIsRefusedAndTheSameFormFromThisSiteWorks() {
        PageClient browser = new PageClient(server);
        PageClient.Page signup = browser.page("/signup.xhtml");
        Map<String, String> fields = Map.of("username", "ruth", "password", "amber-kettle-2077",
                "repeat", "amber-kettle-2077");

        HttpResponse<String> forged = browser.submit(signup, "/signup.xhtml", "signup", "create", fields,
                "Origin", EVIL);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("came from another web site");
        HttpResponse<String> forgedByReferer = browser.submit(signup, "/signup.xhtml", "signup", "create", fields,
                "Referer", EVIL + "/trap.html");
        assertThat(forgedByReferer.statusCode()).isEqualTo(403);
        assertThat(new Api(server, "ruth", "amber-kettle-2077").get("/api/labs").status()).as("no account made")
                .isEqualTo(401);

        HttpResponse<String> real = browser.submit(signup, "/signup.xhtml", "signup", "create", fields,
                "Origin", origin(), "Referer", origin() + "/signup.xhtml");
        assertThat(real.statusCode()).as(real.body()).isEqualTo(302);
        assertThat(new Api(server, "ruth", "amber-kettle-2077").get("/api/labs").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void theApiRefusesCallsFromAnotherSiteAndNeverTakesTheSessionCookie() {
        Api.signUp(server, "sven", "tidal-window-903");
        Api sven = new Api(server, "sven", "tidal-window-903");
        PageClient page = new PageClient(server);
        HttpResponse<String> forged = page.send(page.request("/api/sessions", "Origin", EVIL,
                        "Authorization", basic("sven", "tidal-window-903"), "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lab\":\"virtio-devices\"}")));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).startsWith("{\"error\":").contains("another web site");
        assertThat(sven.get("/api/sessions").body()).isEqualTo("[]");

        assertThat(page.signIn("sven", "tidal-window-903").statusCode()).isEqualTo(302);
        assertThat(page.get("/index.xhtml").statusCode()).as("signed in on the pages").isEqualTo(200);
        HttpResponse<String> cookieOnly = page.get("/api/sessions");
        assertThat(cookieOnly.statusCode()).isEqualTo(401);
        assertThat(cookieOnly.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Basic"));
        assertThat(cookieOnly.body()).contains("Sign in with HTTP Basic");
    }

    @Test
    @Order(6)
    void aWebSocketHandshakeFromAnotherSiteIsRefused() throws Exception {
        for (String path : new String[] {"/console/socket/no-such-ticket", "/vnc/socket/no-such-ticket"}) {
            URI socket = URI.create("ws://" + server.url("/").getAuthority() + path);
            CompletableFuture<WebSocket> foreign = builder(path).header("Origin", EVIL)
                    .buildAsync(socket, new WebSocket.Listener() { });
            assertThat(foreign).as(path).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(Exception.class)
                    .satisfies(e -> {
                        Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
                        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
                        assertThat(((WebSocketHandshakeException) cause).getResponse().statusCode()).isEqualTo(403);
                    });

            // from this site the handshake is accepted, and only then the unknown ticket closes the socket
            CompletableFuture<String> closed = new CompletableFuture<>();
            WebSocket own = builder(path).header("Origin", origin()).buildAsync(socket, new WebSocket.Listener() {
                        @Override
                        public CompletableFuture<?> onClose(WebSocket ws, int status, String reason) {
                            closed.complete(status + " " + reason);
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            assertThat(closed.get(20, TimeUnit.SECONDS)).as(path).startsWith("1008 ").contains("ticket");
            own.abort();
        }
    }

    /** noVNC asks for the "binary" subprotocol; the serial console takes none. */
    private static WebSocket.Builder builder(String path) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        return path.startsWith("/vnc/") ? builder.subprotocols("binary") : builder;
    }

    @Test
    @Order(7)
    void theSessionIdChangesAtSignInSoAPlantedIdIsWorthNothing() {
        Api.signUp(server, "omar", "quiet-harbor-31");
        PageClient browser = new PageClient(server);
        browser.page("/login.xhtml");
        String before = browser.sessionId().orElseThrow();

        HttpResponse<String> signedIn = browser.signIn("omar", "quiet-harbor-31");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String after = browser.sessionId().orElseThrow();
        assertThat(after).isNotEqualTo(before);
        assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(c ->
                assertThat(c).startsWith("JSESSIONID=" + after).contains("HttpOnly")
                        .containsIgnoringCase("SameSite=Lax"));
        assertThat(browser.get("/index.xhtml").statusCode()).isEqualTo(200);

        PageClient attacker = new PageClient(server);
        attacker.useSession(before);
        HttpResponse<String> planted = attacker.get("/index.xhtml");
        assertThat(planted.statusCode()).isEqualTo(302);
        assertThat(planted.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).contains("/login.xhtml"));
    }

    @Test
    @Order(8)
    void theSessionCookieIsSecureOverTlsAndOnlyThereComesHsts() throws Exception {
        Tls.Reply tls = Tls.get(server.tlsUrl("/login.xhtml"));
        assertThat(tls.status()).isEqualTo(200);
        assertThat(tls.headers().get("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
                .contains("; Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        assertThat(tls.headers().get("Strict-Transport-Security")).containsExactly("max-age=31536000");
        assertThat(tls.headers()).doesNotContainKeys("Server", "X-Powered-By");

        HttpResponse<String> plain = new PageClient(server).get("/login.xhtml");
        assertThat(plain.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
                .doesNotContain("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    @Order(9)
    void weakPasswordsAreRefusedAtSignUpWithAReason() {
        PageClient browser = new PageClient(server);
        PageClient.Page signup = browser.page("/signup.xhtml");
        HttpResponse<String> refused = browser.submit(signup, "/signup.xhtml", "signup", "create",
                Map.of("username", "tess", "password", "Password2024!", "repeat", "Password2024!"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(PageClient.errorMessage(refused)).hasValueSatisfying(m ->
                assertThat(m).startsWith("This password is too easy to guess.").contains("common password"));
        assertThat(new Api(server, "tess", "Password2024!").get("/api/labs").status()).isEqualTo(401);
    }

    @Test
    @Order(10)
    void aWeakAdminPasswordStopsThePlatformWithTheReason() throws IOException {
        KvmlabServer weak = new KvmlabServer("weak-admin", Map.of("KVMLAB_LIBVIRT_URI", "test:///default",
                "KVMLAB_ADMIN_PASSWORD", "Password2024!"));
        try {
            assertThatThrownBy(weak::start).hasMessageContaining("exited during start-up");
        } finally {
            weak.stop();
        }
        assertThat(Files.readString(weak.dataDir().resolve("payara-1.log"))).contains("kvmlab cannot start:"
                + " KVMLAB_ADMIN_PASSWORD is not acceptable: This password is too easy to guess.");
    }

    @Test
    @Order(11)
    void fiveWrongPasswordsOnTheSignInPageLockTheAccountAndAnUnknownNameAnswersTheSame() {
        Api.signUp(server, "lena", "quiet-lantern-58");
        List<String> real = pageAttempts("lena", "quiet-lantern-58");
        List<String> unknown = pageAttempts("nobody-here", "quiet-lantern-58");

        assertThat(real.subList(0, 4)).containsOnly(WRONG);
        assertThat(real.get(4)).matches(LOCKED);
        assertThat(real.get(5)).as("the right password, while locked").matches(LOCKED);
        assertThat(withoutTimes(unknown)).isEqualTo(withoutTimes(real));
    }

    /** The messages, their times left out (the two lockouts start seconds apart, perhaps in another minute). */
    private static List<String> withoutTimes(List<String> messages) {
        return messages.stream().map(m -> m.replaceAll("until .* UTC \\(in \\d+ minutes\\)", "until …")).toList();
    }

    /** Five wrong passwords then the right one, on the sign-in page: the message each time. */
    private static List<String> pageAttempts(String user, String password) {
        List<String> messages = new ArrayList<>();
        PageClient browser = new PageClient(server);
        for (int attempt = 1; attempt <= 6; attempt++) {
            HttpResponse<String> reply = browser.signIn(user, attempt <= 5 ? "wrong-guess-" + attempt : password);
            assertThat(reply.statusCode()).as(user + " attempt " + attempt).isEqualTo(200);
            messages.add(PageClient.errorMessage(reply).orElse("(no message)"));
        }
        return messages;
    }

    @Test
    @Order(12)
    void fiveWrongPasswordsOnTheApiLockTheAccountEvenForACachedPassword() {
        Api.signUp(server, "mira", "sunny-meadow-42");
        Api mira = new Api(server, "mira", "sunny-meadow-42");
        for (int i = 0; i < 3; i++) {
            assertThat(mira.get("/api/labs").status()).isEqualTo(200);
        }
        for (String user : new String[] {"mira", "no-such-user"}) {
            Api wrong = new Api(server, user, "wrong-guess-99");
            for (int attempt = 1; attempt <= 4; attempt++) {
                Api.Reply reply = wrong.get("/api/labs");
                assertThat(reply.status()).as(user + " attempt " + attempt).isEqualTo(401);
            }
            HttpResponse<String> fifth = new PageClient(server).get("/api/labs", "Authorization",
                    basic(user, "wrong-guess-99"));
            assertThat(fifth.statusCode()).as(user).isEqualTo(429);
            assertThat(fifth.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(s ->
                    assertThat(s).isBetween(840L, 900L));
            assertThat(fifth.body()).startsWith("{\"error\":\"Too many wrong passwords: this account is locked until");
        }
        Api.Reply rightButLocked = mira.get("/api/labs");
        assertThat(rightButLocked.status()).as("the cached right password").isEqualTo(429);
        assertThat(rightButLocked.object().getString("error")).matches(LOCKED);
    }

    @Test
    @Order(13)
    void aLockoutSurvivesARestartAndEverySignInIsAudited() throws SQLException {
        new Api(server, "Not A Name!", "anything-at-all").get("/api/labs");
        server.stop();
        List<List<String>> mira = StoppedDatabase.rows(server.dataDir(),
                "select locked_until, lockouts, failed_logins from users where username = 'mira'");
        assertThat(mira).singleElement().satisfies(row -> {
            assertThat(Instant.parse(row.get(0))).isAfter(Instant.now().plus(Duration.ofMinutes(10)));
            assertThat(row.subList(1, 3)).containsExactly("1", "0");
        });
        List<String> audit = StoppedDatabase.rows(server.dataDir(), "select action || ' ' || coalesce(actor, '-')"
                + " || ' ' || subject || ' ' || coalesce(detail, '') from audit_events order by id").stream()
                .map(r -> r.get(0)).toList();
        assertThat(audit).anyMatch(e -> e.startsWith("SIGNUP lena lena"))
                .anyMatch(e -> e.startsWith("LOGIN omar omar"))
                .anyMatch(e -> e.startsWith("LOGIN_FAILED - lena wrong user name or password (page)"))
                .anyMatch(e -> e.startsWith("LOGIN_FAILED - mira wrong user name or password (api)"))
                .anyMatch(e -> e.startsWith("LOGIN_FAILED - nobody-here "))
                .anyMatch(e -> e.startsWith("LOGIN_FAILED - (not a possible user name) "))
                .anyMatch(e -> e.startsWith("LOGIN_LOCKED - lena 5 wrong passwords in a row: locked until"))
                .anyMatch(e -> e.startsWith("LOGIN_LOCKED - mira 5 wrong passwords in a row"))
                .noneMatch(e -> e.contains("wrong-guess"));
        // mira signed in once on the page (sign-up does that); her successful API calls are not recorded
        assertThat(audit).filteredOn(e -> e.startsWith("LOGIN mira ")).hasSize(1);

        server.start();
        Api.Reply stillLocked = new Api(server, "mira", "sunny-meadow-42").get("/api/labs");
        assertThat(stillLocked.status()).isEqualTo(429);
        assertThat(new Api(server, "ruth", "amber-kettle-2077").get("/api/labs").status()).isEqualTo(200);

        // an admin sees the lockout and lifts it; only an admin may
        Api admin = new Api(server, "admin", KvmlabServer.ADMIN_PASSWORD);
        jakarta.json.JsonObject listed = ((jakarta.json.JsonArray) admin.get("/api/admin/users").json()).stream()
                .map(jakarta.json.JsonValue::asJsonObject).filter(a -> a.getString("username").equals("mira"))
                .findFirst().orElseThrow();
        assertThat(Instant.parse(listed.getString("lockedUntil"))).isAfter(Instant.now());
        assertThat(new Api(server, "ruth", "amber-kettle-2077").post("/api/admin/users/mira/unlock").status())
                .isEqualTo(403);
        Api.Reply unlocked = admin.post("/api/admin/users/mira/unlock");
        assertThat(unlocked.status()).as(unlocked.body()).isEqualTo(200);
        assertThat(unlocked.object().getBoolean("unlocked")).isTrue();
        assertThat(new Api(server, "mira", "sunny-meadow-42").get("/api/labs").status()).isEqualTo(200);
        assertThat(admin.get("/api/admin/audit?action=ACCOUNT_UNLOCKED&subject=mira").body()).contains("lockout lifted");
        assertThat(admin.post("/api/admin/users/nobody-here/unlock").status()).isEqualTo(404);
    }
}
