package org.kvmlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.Browser;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.RunningPlatform;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Classes, instructors and admins on the packaged platform in demo mode: who sees whose work, through the API
 * and in a real browser, and that every instructor and admin action lands in the audit trail.
 */
class ClassroomIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("classroom",
            Map.of("KVMLAB_LIBVIRT_URI", "test:///default"));

    private static final String INES_PW = "quartz-meadow-lantern-81";
    private static final String OLAF_PW = "saffron-tunnel-echo-57";
    private static final String ERIN_PW = "cobalt-orchard-whisper-33";
    private static final String FARID_PW = "maple-circuit-harbor-64";

    private final KvmlabServer server = platform.server();
    private final Api admin = new Api(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);

    @Test
    void instructorsSeeOnlyTheirOwnStudentsAndEveryActionIsAudited() {
        // the admin makes two instructors; bad requests say what to do
        assertStatus(admin.postJson("/api/admin/users", "{\"username\":\"ines\",\"password\":\"" + INES_PW
                + "\",\"role\":\"instructor\"}"), 201);
        assertStatus(admin.postJson("/api/admin/users", "{\"username\":\"olaf\",\"password\":\"" + OLAF_PW
                + "\",\"role\":\"INSTRUCTOR\"}"), 201);
        assertError(admin.postJson("/api/admin/users", "{\"username\":\"ines\",\"password\":\"" + INES_PW
                + "\",\"role\":\"instructor\"}"), 409, "already an account 'ines'");
        assertError(admin.postJson("/api/admin/users", "{\"username\":\"pia\",\"password\":\"short\","
                + "\"role\":\"student\"}"), 400, "password");
        assertError(admin.postJson("/api/admin/users", "{\"username\":\"pia\",\"password\":\"" + INES_PW
                + "\",\"role\":\"root\"}"), 400, "no role 'root'");
        assertError(admin.postJson("/api/admin/users", "[1,2]"), 400, "{\"username\"");
        JsonObject ines = account(admin, "ines");
        assertThat(ines.getString("role")).isEqualTo("instructor");
        assertThat(ines.getString("createdAt")).isNotBlank();
        assertThat(ines.containsKey("passwordHash")).isFalse();

        Api.signUp(server, "erin", ERIN_PW);
        Api.signUp(server, "farid", FARID_PW);
        Api instructorA = new Api(server, "ines", INES_PW);
        Api instructorB = new Api(server, "olaf", OLAF_PW);
        Api studentA = new Api(server, "erin", ERIN_PW);
        Api studentB = new Api(server, "farid", FARID_PW);

        // students may not call instructor or admin addresses at all
        assertError(studentA.get("/api/admin/users"), 403, "role");
        assertError(studentA.get("/api/admin/audit"), 403, "role");
        assertError(studentA.postJson("/api/admin/users", "{\"username\":\"x\",\"password\":\"y\",\"role\":\"admin\"}"),
                403, "role");
        assertError(studentA.postJson("/api/classes", "{\"name\":\"Mine\"}"), 403, "role");
        // instructors may not call admin addresses
        assertError(instructorA.get("/api/admin/users"), 403, "role");

        // each instructor makes a class and gets a join code
        JsonObject classA = assertStatus(instructorA.postJson("/api/classes", "{\"name\":\"KVM autumn\"}"), 201)
                .object();
        JsonObject classB = assertStatus(instructorB.postJson("/api/classes", "{\"name\":\"KVM spring\"}"), 201)
                .object();
        long a = classA.getJsonNumber("id").longValue();
        long b = classB.getJsonNumber("id").longValue();
        String codeA = classA.getString("code");
        assertThat(codeA).matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}");
        assertThat(classB.getString("code")).isNotEqualTo(codeA);
        assertError(instructorA.postJson("/api/classes", "{\"name\":\"KVM autumn\"}"), 409, "already have a class");
        assertError(instructorA.postJson("/api/classes", "{\"name\":\"   \"}"), 400, "name");

        // a wrong code fails with a clear message; a malformed one says what a code looks like
        assertError(studentA.postJson("/api/classes/join", "{\"code\":\"" + wrong(codeA) + "\"}"), 404,
                "No class has the code");
        assertError(studentA.postJson("/api/classes/join", "{\"code\":\"hello\"}"), 400, "10 letters and digits");
        // codes are read as people type them: any case, spaces instead of the hyphen
        JsonObject joined = assertStatus(studentA.postJson("/api/classes/join", "{\"code\":\""
                + codeA.toLowerCase().replace('-', ' ') + "\"}"), 200).object();
        assertThat(joined.getJsonObject("classroom").getString("name")).isEqualTo("KVM autumn");
        assertThat(joined.getJsonObject("classroom").containsKey("code")).as("students do not get the code").isFalse();
        assertThat(joined.getBoolean("alreadyMember")).isFalse();
        assertThat(assertStatus(studentA.postJson("/api/classes/join", "{\"code\":\"" + codeA + "\"}"), 200).object()
                .getBoolean("alreadyMember")).isTrue();
        assertStatus(studentB.postJson("/api/classes/join", "{\"code\":\"" + classB.getString("code") + "\"}"), 200);
        assertError(instructorA.postJson("/api/classes/join", "{\"code\":\"" + codeA + "\"}"), 403, "student");

        // each sees their own classes
        assertThat(names(studentA.get("/api/classes"))).containsExactly("KVM autumn");
        assertThat(names(instructorA.get("/api/classes"))).containsExactly("KVM autumn");
        assertThat(names(instructorB.get("/api/classes"))).containsExactly("KVM spring");
        assertThat(names(admin.get("/api/classes"))).contains("KVM autumn", "KVM spring");

        // a student of class A runs a lab, uses the shell and checks it
        Api.Reply started = assertStatus(studentA.startLab("virtio-devices"), 201);
        String session = started.object().getString("id");
        assertStatus(studentA.postJson("/api/sessions/" + session + "/shell", "{\"command\":\"domstate web01\"}"),
                200);
        assertStatus(studentA.post("/api/sessions/" + session + "/steps/disk/hint"), 200);
        assertStatus(studentA.post("/api/sessions/" + session + "/grade"), 200);

        // instructor A sees that student's sessions, Checks, reveals and virsh history
        String student = "/api/classes/" + a + "/students/erin";
        JsonArray sessions = assertStatus(instructorA.get(student + "/sessions"), 200).json().asJsonArray();
        assertThat(sessions).hasSize(1);
        assertThat(sessions.getJsonObject(0).getString("id")).isEqualTo(session);
        assertThat(sessions.getJsonObject(0).getString("lab")).isEqualTo("virtio-devices");
        assertThat(sessions.getJsonObject(0).getString("state")).isEqualTo("running");
        assertThat(sessions.getJsonObject(0).getString("startedAt")).isNotBlank();
        JsonArray attempts = assertStatus(instructorA.get(student + "/sessions/" + session + "/attempts"), 200).json()
                .asJsonArray();
        assertThat(attempts).hasSize(1);
        JsonObject check = attempts.getJsonObject(0).getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("id").equals("disk-bus-virtio")).findFirst().orElseThrow();
        assertThat(check.getString("status")).isEqualTo("failed");
        assertThat(assertStatus(instructorA.get(student + "/sessions/" + session + "/shell"), 200).body())
                .contains("domstate web01");
        JsonObject reveal = assertStatus(instructorA.get(student + "/sessions/" + session + "/reveals"), 200).json()
                .asJsonArray().getJsonObject(0);
        assertThat(reveal.getString("step")).isEqualTo("disk");
        assertThat(reveal.getString("kind")).isEqualTo("hint");
        JsonObject detail = assertStatus(instructorA.get("/api/classes/" + a), 200).object();
        assertThat(detail.getJsonArray("members").getJsonObject(0).getString("username")).isEqualTo("erin");
        assertThat(detail.getJsonArray("members").getJsonObject(0).getInt("liveSessions")).isEqualTo(1);

        // instructor B finds none of it, exactly as if it did not exist
        List<String> classAUrls = List.of("/api/classes/" + a, student, student + "/sessions",
                student + "/sessions/" + session, student + "/sessions/" + session + "/attempts",
                student + "/sessions/" + session + "/shell");
        for (String url : classAUrls) {
            assertError(instructorB.get(url), 404, "no such");
        }
        Api.Reply missing = instructorB.get("/api/classes/" + (Math.max(a, b) + 1000));
        assertThat(instructorB.get("/api/classes/" + a).body()).as("another's class reads like no class")
                .isEqualTo(missing.body());
        assertError(instructorB.post("/api/classes/" + a + "/code"), 404, "no such class");
        assertError(instructorB.delete("/api/classes/" + a + "/members/erin"), 404, "no such class");
        // ... nor through its own class: erin is not in it
        assertError(instructorB.get("/api/classes/" + b + "/students/erin/sessions"), 404, "no such student");
        assertError(instructorB.get("/api/classes/" + b + "/students/farid/sessions/" + session), 404,
                "no such lab session");
        assertError(instructorA.get("/api/classes/abc"), 404, "no such class");

        // a student of class B finds neither class A nor erin's session, and may not use instructor addresses
        assertError(studentB.get("/api/classes/" + a), 404, "no such class");
        assertError(studentB.get("/api/sessions/" + session), 404, "no such lab session");
        assertError(studentB.get("/api/sessions/" + session + "/attempts"), 404, "no such lab session");
        assertError(studentB.delete("/api/classes/" + a + "/members/erin"), 404, "no such class");
        for (String url : classAUrls.subList(1, classAUrls.size())) {
            assertError(studentB.get(url), 403, "role");
        }
        // a student sees their own class, with only themself in it
        JsonObject own = assertStatus(studentA.get("/api/classes/" + a), 200).object();
        assertThat(own.getJsonArray("members")).hasSize(1);
        assertThat(own.containsKey("code")).isFalse();

        // the admin sees every class's students, and ends erin's session
        assertStatus(admin.get(student + "/sessions/" + session + "/attempts"), 200);
        assertThat(assertStatus(admin.get("/api/admin/sessions"), 200).body()).contains(session);
        assertError(instructorA.delete("/api/admin/sessions/" + session), 403, "role");
        assertStatus(admin.delete("/api/admin/sessions/" + session), 204);
        JsonObject ended = studentA.get("/api/sessions/" + session).object();
        assertThat(ended.getString("state")).isEqualTo("ended");
        assertThat(ended.getString("note")).contains("administrator");
        assertError(admin.delete("/api/admin/sessions/" + session), 409, "no longer running");
        assertError(admin.delete("/api/admin/sessions/no-such-session"), 404, "no such lab session");
        assertThat(assertStatus(instructorA.get(student + "/sessions"), 200).json().asJsonArray().getJsonObject(0)
                .getString("state")).isEqualTo("ended");

        // a renewed code shuts out the old one
        String renewed = assertStatus(instructorA.post("/api/classes/" + a + "/code"), 200).object().getString("code");
        assertThat(renewed).isNotEqualTo(codeA);
        assertError(studentB.postJson("/api/classes/join", "{\"code\":\"" + codeA + "\"}"), 404, "No class has");

        // leaving, and being taken out
        assertError(studentA.delete("/api/classes/" + a + "/members/farid"), 403, "not take anyone else out");
        assertStatus(studentB.delete("/api/classes/" + b + "/members/farid"), 204);
        assertThat(names(studentB.get("/api/classes"))).isEmpty();
        assertStatus(instructorA.delete("/api/classes/" + a + "/members/erin"), 204);
        assertError(instructorA.get(student + "/sessions"), 404, "no such student");

        // roles: the last admin stays, others change
        assertError(adminPut("/api/admin/users/admin/role", "{\"role\":\"student\"}"), 409, "only admin");
        assertThat(assertStatus(adminPut("/api/admin/users/farid/role", "{\"role\":\"instructor\"}"), 200)
                .object().getString("role")).isEqualTo("instructor");
        assertStatus(adminPut("/api/admin/users/farid/role", "{\"role\":\"student\"}"), 200);
        assertError(adminPut("/api/admin/users/nobody/role", "{\"role\":\"student\"}"), 404, "no account");
        // a demoted instructor loses the role at once, whatever their credentials remember
        assertStatus(adminPut("/api/admin/users/olaf/role", "{\"role\":\"student\"}"), 200);
        assertThat(instructorB.get("/api/classes/" + b + "/students/farid").status()).isEqualTo(403);
        assertStatus(adminPut("/api/admin/users/olaf/role", "{\"role\":\"instructor\"}"), 200);

        // wrong codes over and over: the student must wait
        int status = 0;
        for (int i = 0; i < JoinThrottle.PER_ACCOUNT + 1 && status != 429; i++) {
            status = studentB.postJson("/api/classes/join", "{\"code\":\"" + wrong(renewed) + "\"}").status();
        }
        assertThat(status).isEqualTo(429);
        assertError(studentB.postJson("/api/classes/join", "{\"code\":\"" + renewed + "\"}"), 429,
                "Too many wrong join codes");
        HttpResponse<String> throttled = send("farid", FARID_PW, "POST", "/api/classes/join",
                "{\"code\":\"" + renewed + "\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow())
                .isBetween(1L, JoinThrottle.WINDOW.toSeconds());

        // every instructor and admin action is in the audit trail
        JsonArray trail = assertStatus(admin.get("/api/admin/audit?limit=500"), 200).json().asJsonArray();
        assertThat(events(trail, "ACCOUNT_CREATED")).contains("admin ines role instructor",
                "admin olaf role instructor");
        assertThat(events(trail, "INSTRUCTOR_ACTION")).anyMatch(e -> e.startsWith("ines class/" + a + " created"))
                .anyMatch(e -> e.startsWith("olaf class/" + b + " created"))
                .anyMatch(e -> e.startsWith("ines class/" + a + " renewed the join code"))
                .anyMatch(e -> e.startsWith("ines erin took erin out of class"));
        assertThat(events(trail, "ADMIN_ACTION")).contains("admin " + session
                + " ended the live session of erin (lab virtio-devices)");
        assertThat(events(trail, "ROLE_CHANGED")).contains("admin farid student -> instructor",
                "admin farid instructor -> student", "admin olaf instructor -> student");
        assertThat(events(trail, "QUOTA_REFUSED")).anyMatch(e -> e.startsWith("farid farid too many wrong join codes"));
        // filters: by action, by actor, by date; nonsense is refused
        JsonArray adminActions = assertStatus(admin.get("/api/admin/audit?action=admin_action"), 200).json()
                .asJsonArray();
        assertThat(adminActions).isNotEmpty().allMatch(e -> e.asJsonObject().getString("action").equals("ADMIN_ACTION"));
        JsonArray byInes = assertStatus(admin.get("/api/admin/audit?actor=ines"), 200).json().asJsonArray();
        assertThat(byInes).allMatch(e -> e.asJsonObject().getString("actor").equals("ines"));
        // three changes, and every look at a student's work
        assertThat(byInes).filteredOn(e -> !e.asJsonObject().getString("detail").startsWith("read ")).hasSize(3);
        assertThat(byInes).anyMatch(e -> e.asJsonObject().getString("detail").startsWith("read erin's session "));
        assertThat(assertStatus(admin.get("/api/admin/audit?subject=farid&action=ROLE_CHANGED&limit=1"), 200).json()
                .asJsonArray()).singleElement().satisfies(e -> assertThat(e.asJsonObject().getString("detail"))
                .as("newest first").isEqualTo("instructor -> student"));
        assertThat(assertStatus(admin.get("/api/admin/audit?until=2000-01-01"), 200).json().asJsonArray()).isEmpty();
        assertThat(assertStatus(admin.get("/api/admin/audit?from=2000-01-01&actor=olaf"), 200).json().asJsonArray())
                .hasSize(1);
        assertError(admin.get("/api/admin/audit?action=EVERYTHING"), 400, "no audit action");
        assertError(admin.get("/api/admin/audit?from=yesterday"), 400, "not a date");
    }

    @Test
    void anInstructorSeesTheCheckOfAStudentWhoJoinedOnTheCatalogPage() {
        assertStatus(admin.postJson("/api/admin/users", "{\"username\":\"uma\",\"password\":\"" + INES_PW
                + "\",\"role\":\"instructor\"}"), 201);
        try (Browser browser = new Browser()) {
            signIn(browser, "uma", INES_PW);
            browser.open(server.url("/teach/classes.xhtml"));
            assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Your classes");
            browser.type(By.id("classes:name"), "Virtualisation 101");
            browser.click(By.id("classes:create"));
            assertThat(browser.text(By.cssSelector(".page-messages"))).contains("Virtualisation 101");
            String code = browser.text(By.cssSelector(".class-list .join-code"));
            assertThat(code).matches("[0-9A-Z]{5}-[0-9A-Z]{5}");
            browser.screenshot("classroom-1-class");

            // a student signs up and joins on the catalog page; a typo first
            browser.driver().manage().deleteAllCookies();
            browser.open(server.url("/signup.xhtml"));
            browser.type(By.id("signup:username"), "vera");
            browser.type(By.id("signup:password"), ERIN_PW);
            browser.type(By.id("signup:repeat"), ERIN_PW);
            browser.click(By.id("signup:create"));
            assertThat(browser.find(By.cssSelector(".who")).getText()).contains("vera");
            browser.type(By.id("classes:code"), wrong(code));
            browser.click(By.id("classes:join"));
            assertThat(browser.text(By.cssSelector(".join-failed"))).contains("No class has the code");
            browser.type(By.id("classes:code"), code.toLowerCase());
            browser.click(By.id("classes:join"));
            assertThat(browser.text(By.cssSelector(".join-done"))).contains("You joined 'Virtualisation 101'");
            assertThat(browser.text(By.cssSelector(".my-classes"))).contains("Virtualisation 101");
            browser.screenshot("classroom-2-joined");
            // the student has no Teach or Admin link, and the pages refuse them
            assertThat(browser.driver().findElements(By.linkText("Teach"))).isEmpty();
            assertThat(browser.driver().findElements(By.linkText("Admin"))).isEmpty();

            // the student runs a lab and checks it
            Api vera = new Api(server, "vera", ERIN_PW);
            String session = assertStatus(vera.startLab("virtio-devices"), 201).object()
                    .getString("id");
            assertStatus(vera.post("/api/sessions/" + session + "/grade"), 200);

            // the instructor opens the class, then the student, and sees the Check
            browser.driver().manage().deleteAllCookies();
            signIn(browser, "uma", INES_PW);
            browser.click(By.linkText("Teach"));
            browser.click(By.cssSelector(".class-link"));
            assertThat(browser.text(By.cssSelector(".join-code.big"))).isEqualTo(code);
            browser.click(By.cssSelector(".student-link"));
            browser.waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/teach/student.xhtml"));
            assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("vera");
            assertThat(browser.text(By.cssSelector(".student-sessions"))).contains("Paravirtual devices")
                    .contains("running");
            assertThat(browser.text(By.cssSelector(".attempt-checks tr[data-check='disk-bus-virtio']")))
                    .contains("failed");
            assertThat(browser.text(By.cssSelector(".attempt-head"))).contains("whole lab");
            browser.screenshot("classroom-3-student");

            // a student's session of another class reads as not found
            browser.open(server.url(browser.driver().getCurrentUrl().replaceAll(".*(/teach/.*)", "$1")
                    .replaceAll("u=vera", "u=erin")));
            assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Student not found");

            // the student leaves the class on the catalog page; the instructor no longer finds them
            browser.driver().manage().deleteAllCookies();
            signIn(browser, "vera", ERIN_PW);
            browser.click(By.cssSelector(".my-class .leave"));
            browser.click(By.cssSelector(".ui-confirmdialog-yes"));
            assertThat(browser.text(By.cssSelector(".join-done"))).contains("You left the class");
            assertThat(browser.driver().findElements(By.cssSelector(".my-class"))).isEmpty();
            Api uma = new Api(server, "uma", INES_PW);
            long classId = uma.get("/api/classes").json().asJsonArray().getJsonObject(0).getJsonNumber("id")
                    .longValue();
            assertError(uma.get("/api/classes/" + classId + "/students/vera/sessions"), 404, "no such student");
        }
    }

    @Test
    void anAdminManagesAccountsReadsTheTrailAndEndsALabOnThePages() {
        String wrenPassword = "juniper-signal-canyon-19";
        try (Browser adminPage = new Browser(); Browser wrenPage = new Browser()) {
            signIn(adminPage, "admin", KvmlabServer.ADMIN_PASSWORD);
            adminPage.click(By.linkText("Admin"));
            assertThat(adminPage.text(By.cssSelector("h1"))).isEqualTo("Accounts");
            adminPage.type(By.id("users:username"), "wren");
            adminPage.type(By.id("users:password"), "short");
            adminPage.click(By.id("users:create"));
            assertThat(adminPage.text(By.cssSelector(".page-messages"))).containsIgnoringCase("password");
            adminPage.type(By.id("users:username"), "wren");
            adminPage.type(By.id("users:password"), wrenPassword);
            pick(adminPage, By.id("users:role"), "instructor");
            adminPage.click(By.id("users:create"));
            assertThat(adminPage.text(By.cssSelector(".page-messages"))).contains("'wren' (instructor) is ready");
            assertThat(adminPage.text(By.cssSelector(".account-wren"))).contains("instructor");

            // wren teaches, until the admin makes wren a student: wren's page session ends at once
            signIn(wrenPage, "wren", wrenPassword);
            wrenPage.open(server.url("/teach/classes.xhtml"));
            assertThat(wrenPage.text(By.cssSelector("h1"))).isEqualTo("Your classes");
            pick(adminPage, By.cssSelector(".account-wren .pick-role"), "student");
            adminPage.click(By.cssSelector(".account-wren .change-role"));
            assertThat(adminPage.text(By.cssSelector(".page-messages"))).contains("wren is now student");
            wrenPage.open(server.url("/teach/classes.xhtml"));
            assertThat(wrenPage.driver().getCurrentUrl()).contains("/login.xhtml");
            signIn(wrenPage, "wren", wrenPassword);
            wrenPage.open(server.url("/teach/classes.xhtml"));
            assertThat(wrenPage.text(By.cssSelector("h1"))).isEqualTo("You may not see this page.");
            adminPage.screenshot("classroom-4-accounts");

            // the audit trail, filtered: what the admin did to wren
            adminPage.click(By.linkText("Audit trail"));
            adminPage.type(By.id("audit:actor"), "admin");
            adminPage.type(By.id("audit:subject"), "wren");
            adminPage.click(By.id("audit:search"));
            assertThat(adminPage.text(By.cssSelector(".audit-ROLE_CHANGED"))).contains("instructor -> student");
            assertThat(adminPage.text(By.cssSelector(".audit-ACCOUNT_CREATED"))).contains("role instructor");
            assertThat(adminPage.driver().findElements(By.cssSelector(".audit-events tbody tr"))).hasSize(2);
            adminPage.screenshot("classroom-5-audit");

            // a running lab, ended by the admin
            Api wren = new Api(server, "wren", wrenPassword);
            String session = assertStatus(wren.startLab("virtio-devices"), 201)
                    .object().getString("id");
            adminPage.click(By.linkText("Running labs"));
            adminPage.click(By.cssSelector(".session-" + session + " .end-session"));
            adminPage.click(By.cssSelector(".ui-confirmdialog-yes"));
            assertThat(adminPage.text(By.cssSelector(".page-messages"))).contains("The session is ended");
            assertThat(adminPage.driver().findElements(By.cssSelector(".session-" + session))).isEmpty();
            assertThat(wren.get("/api/sessions/" + session).object().getString("state")).isEqualTo("ended");
        }
    }

    /**
     * Picks an option of a PrimeFaces select menu the way a person does: open it and click the option, until the
     * menu shows the option and its panel has closed. A click that lands while the panel is still sliding open
     * is tried again, and a panel that closed without the pick is opened again (CI once saw it close unpicked).
     */
    private static void pick(Browser browser, By menu, String label) {
        browser.click(menu);
        By shown = By.cssSelector(".ui-selectonemenu-label");
        browser.waitUpTo(Duration.ofSeconds(15)).until(d -> {
            boolean panelOpen = d.findElements(By.cssSelector(".ui-selectonemenu-panel")).stream()
                    .anyMatch(WebElement::isDisplayed);
            if (!panelOpen) {
                if (d.findElement(menu).findElement(shown).getText().equals(label)) {
                    return true;
                }
                d.findElement(menu).click();
                return false;
            }
            d.findElements(By.cssSelector("li.ui-selectonemenu-item[data-label='" + label + "']")).stream()
                    .filter(WebElement::isDisplayed).findFirst().ifPresent(WebElement::click);
            return false;
        });
        assertThat(browser.find(menu).findElement(shown).getText()).isEqualTo(label);
    }

    /** The admin's PUT with a JSON body (the shared test client has no PUT of JSON). */
    private Api.Reply adminPut(String path, String json) {
        HttpResponse<String> response = send("admin", KvmlabServer.ADMIN_PASSWORD, "PUT", path, json);
        return new Api.Reply(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private HttpResponse<String> send(String user, String password, String method, String path, String json) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url(path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                            .getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void signIn(Browser browser, String user, String password) {
        browser.open(server.url("/login.xhtml"));
        browser.type(By.id("login:username"), user);
        browser.type(By.id("login:password"), password);
        browser.click(By.id("login:signin"));
        browser.waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.not(ExpectedConditions.urlContains("login")));
    }

    /** A well-formed code that is not this one. */
    private static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (last == 'Z' ? 'Y' : 'Z');
    }

    private static JsonObject account(Api admin, String username) {
        return assertStatus(admin.get("/api/admin/users"), 200).json().asJsonArray().stream()
                .map(JsonValue::asJsonObject).filter(u -> u.getString("username").equals(username)).findFirst()
                .orElseThrow();
    }

    private static List<String> names(Api.Reply reply) {
        return assertStatus(reply, 200).json().asJsonArray().stream()
                .map(c -> c.asJsonObject().getString("name")).toList();
    }

    /** "actor subject detail" of every event with this action. */
    private static List<String> events(JsonArray trail, String action) {
        return trail.stream().map(JsonValue::asJsonObject).filter(e -> e.getString("action").equals(action))
                .map(e -> (e.isNull("actor") ? "-" : e.getString("actor")) + " " + e.getString("subject") + " "
                        + e.getString("detail")).toList();
    }

    private static Api.Reply assertStatus(Api.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        return reply;
    }

    /** An error answer: the status, a JSON {"error"} with the expected words, and no trace of our code. */
    private static void assertError(Api.Reply reply, int status, String words) {
        assertStatus(reply, status);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.object().getString("error")).containsIgnoringCase(words);
        assertThat(reply.body()).doesNotContain("org.kvmlab", "Exception", "\tat ");
    }
}
