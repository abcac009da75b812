package org.kvmlab.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.api.AdminResource;
import org.kvmlab.api.ClassesResource;
import org.kvmlab.api.HostsResource;
import org.kvmlab.api.PoolsResource;
import org.kvmlab.api.PrewarmResource;
import org.kvmlab.api.SessionsResource;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.PageClient;
import org.kvmlab.testing.RunningPlatform;

/**
 * Tenant isolation, as a matrix: every REST endpoint (read from the resources) × every HTTP verb, asked by
 * another learner, by an instructor who does not teach the owner, and by the owner's own instructor, about one
 * learner's session, guest, network, volumes, snapshots, grades and class. Strangers get "not found" (or "not
 * allowed" for a role's addresses), never the owner's data, and nothing of the owner's changes; the owner's
 * instructor reads and changes nothing of the learner's work. Demo mode: isolation is the platform's, not the
 * hypervisor's, so the test driver shows it as well as QEMU.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolationMatrixIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("isolation",
            Map.of("KVMLAB_LIBVIRT_URI", "test:///default"));

    static final List<String> VERBS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static final ApiEndpoints ENDPOINTS = ApiEndpoints.scan();

    static Api alice;
    static Api bob;
    static Api ivy;
    static Api ian;
    static String session;
    static String bobSession;
    static long aliceClass;
    static long ivysPrewarm;
    static Map<Class<?>, Map<String, String>> values;
    static Snapshot before;

    /** What the owner has, to compare after the strangers had their go. */
    record Snapshot(String state, String guestXml, String networkXml, String snapshots, String volumes, int attempts,
                    int shellLines) {
    }

    @BeforeAll
    static void twoLearnersTwoInstructors() {
        Api admin = new Api(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
        for (String instructor : List.of("ivy", "ian")) {
            Api.Reply made = admin.postJson("/api/admin/users", "{\"username\":\"" + instructor + "\",\"password\":"
                    + "\"" + password(instructor) + "\",\"role\":\"instructor\"}");
            assertThat(made.status()).as(made.body()).isEqualTo(201);
        }
        Api.signUp(platform.server(), "alice", password("alice"));
        Api.signUp(platform.server(), "bob", password("bob"));
        alice = new Api(platform.server(), "alice", password("alice"));
        bob = new Api(platform.server(), "bob", password("bob"));
        ivy = new Api(platform.server(), "ivy", password("ivy"));
        ian = new Api(platform.server(), "ian", password("ian"));

        JsonObject ivysClass = ivy.postJson("/api/classes", "{\"name\":\"KVM 101\"}").object();
        aliceClass = ivysClass.getJsonNumber("id").longValue();
        assertThat(alice.postJson("/api/classes/join", "{\"code\":\"" + ivysClass.getString("code") + "\"}").status())
                .isEqualTo(200);
        JsonObject iansClass = ian.postJson("/api/classes", "{\"name\":\"KVM 102\"}").object();
        assertThat(bob.postJson("/api/classes/join", "{\"code\":\"" + iansClass.getString("code") + "\"}").status())
                .isEqualTo(200);

        session = start(alice);
        bobSession = start(bob);
        String base = "/api/sessions/" + session;
        assertThat(alice.postXml(base + "/guests/web01/snapshots", "<domainsnapshot><name>mine</name>"
                + "</domainsnapshot>").status()).isEqualTo(201);
        assertThat(alice.postXml(base + "/volumes", "<volume><name>data</name><capacity unit='M'>8</capacity>"
                + "</volume>").status()).isEqualTo(201);
        assertThat(alice.post(base + "/grade").status()).isEqualTo(200);
        assertThat(alice.postJson(base + "/shell", "{\"command\":\"domstate web01\"}").status()).isEqualTo(200);

        Map<Class<?>, Map<String, String>> v = new LinkedHashMap<>();
        v.put(SessionsResource.class, Map.of("id", session, "name", "web01", "network", "lab", "step", "disk",
                "action", "restart"));
        v.put(ClassesResource.class, Map.of("id", Long.toString(aliceClass), "username", "alice", "session", session));
        v.put(AdminResource.class, Map.of("username", "alice", "id", session));
        v.put(HostsResource.class, Map.of("id", "local"));
        v.put(PoolsResource.class, Map.of("lab", "virtio-devices"));
        // a real pre-warming of alice's class, a day ahead (nothing boots for it during the test)
        Api.Reply prewarm = ivy.postJson("/api/classes/" + aliceClass + "/prewarm", "{\"lab\":\"virtio-devices\","
                + "\"size\":1,\"readyAt\":\"" + java.time.Instant.now().plus(java.time.Duration.ofDays(1)) + "\"}");
        assertThat(prewarm.status()).as(prewarm.body()).isEqualTo(201);
        ivysPrewarm = prewarm.object().getJsonNumber("id").longValue();
        v.put(PrewarmResource.class, Map.of("id", Long.toString(aliceClass), "reservation",
                Long.toString(ivysPrewarm)));
        values = v;
        before = snapshot();
    }

    private static String password(String user) {
        return Map.of("alice", "lantern-quarry-5820", "bob", "saffron-glacier-3361", "ivy", "meadow-compass-7142",
                "ian", "ember-tundra-9057").get(user);
    }

    private static String start(Api learner) {
        Api.Reply started = learner.startLab("virtio-devices");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.object().getString("id");
    }

    /** What alice has, read by alice (and, for her history, by her instructor). */
    private static Snapshot snapshot() {
        String base = "/api/sessions/" + session;
        String classBase = "/api/classes/" + aliceClass + "/students/alice/sessions/" + session;
        return new Snapshot(alice.get(base).object().getString("state"), alice.get(base + "/guests/web01/xml").body(),
                alice.get(base + "/networks/lab/xml").body(), alice.get(base + "/guests/web01/snapshots").body(),
                alice.get(base + "/volumes").body(), ((JsonArray) alice.get(base + "/attempts").json()).size(),
                ((JsonArray) ivy.get(classBase + "/shell").json()).size());
    }

    /** A body the endpoint would accept from its rightful caller, so a refusal is about who asks, not what. */
    private static String body(ApiEndpoints.Endpoint e) {
        if (e.consumes().contains("json")) {
            return "{\"lab\":\"virtio-devices\",\"command\":\"destroy web01\",\"step\":\"disk\",\"name\":\"taken\","
                    + "\"role\":\"admin\",\"code\":\"0000000000\"}";
        }
        String t = e.template();
        if (t.endsWith("/snapshots")) {
            return "<domainsnapshot><name>intruder</name></domainsnapshot>";
        }
        if (t.endsWith("/volumes")) {
            return "<volume><name>intruder</name><capacity unit='M'>1</capacity></volume>";
        }
        if (t.contains("/networks/")) {
            return before.networkXml().replace("</network>", "<mtu size='1300'/></network>");
        }
        return before.guestXml().replace("</devices>", "<sound model='ich9'/></devices>");
    }

    /** One cell of the matrix: who asked, what, and what came back. */
    record Cell(String who, String verb, String path, int status, String body) {
        @Override
        public String toString() {
            return who + " " + verb + " " + path + " -> " + status;
        }
    }

    private static List<Cell> ask(String who, Api as, boolean withOwnersIdsOnly) {
        return ask(who, as, withOwnersIdsOnly, (verb, path) -> false);
    }

    /** Asks every address with the owner's ids by every verb, except the requests {@code skip} names. */
    private static List<Cell> ask(String who, Api as, boolean withOwnersIdsOnly,
                                  java.util.function.BiPredicate<String, String> skip) {
        List<Cell> cells = new ArrayList<>();
        for (String template : ENDPOINTS.templates()) {
            ApiEndpoints.Endpoint declared = ENDPOINTS.all().stream().filter(e -> e.template().equals(template))
                    .findFirst().orElseThrow();
            if (withOwnersIdsOnly && declared.parameters().isEmpty()) {
                continue;
            }
            String path = declared.fill(values);
            for (String verb : VERBS) {
                if (skip.test(verb, path)) {
                    continue;
                }
                ApiEndpoints.Endpoint e = ENDPOINTS.all().stream().filter(x -> x.template().equals(template)
                        && x.verb().equals(verb)).findFirst().orElse(declared);
                boolean withBody = !verb.equals("GET") && !verb.equals("DELETE");
                Api.Reply reply = as.send(verb, path, e.consumes(), withBody ? body(e) : null);
                cells.add(new Cell(who, verb, path, reply.status(), reply.body()));
            }
        }
        return cells;
    }

    @Test
    @Order(1)
    void everyEndpointIsInTheMatrix() {
        assertThat(ENDPOINTS.all()).hasSizeGreaterThanOrEqualTo(30);
        for (ApiEndpoints.Endpoint e : ENDPOINTS.all()) {
            e.fill(values); // throws when the matrix does not know a parameter of a new endpoint
        }
    }

    @Test
    @Order(2)
    void anotherLearnerFindsNothingOfTheOwnersAndChangesNothing() {
        List<Cell> cells = ask("bob", bob, true);
        assertThat(cells).allSatisfy(c -> {
            assertThat(c.status()).as(c.toString()).isIn(403, 404, 405);
            assertThat(c.body()).as(c.toString()).doesNotContain(session + "-").doesNotContain("<domain")
                    .doesNotContain("\"alice\"");
        });
        assertThat(snapshot()).isEqualTo(before);
        report("another learner", cells);
    }

    @Test
    @Order(3)
    void anInstructorWhoDoesNotTeachTheOwnerFindsNothing() {
        List<Cell> cells = ask("ian", ian, true);
        assertThat(cells).allSatisfy(c -> {
            assertThat(c.status()).as(c.toString()).isIn(403, 404, 405);
            assertThat(c.body()).as(c.toString()).doesNotContain("<domain").doesNotContain("\"alice\"");
        });
        assertThat(snapshot()).isEqualTo(before);
        report("an instructor of another class", cells);
    }

    @Test
    @Order(4)
    void theOwnersInstructorReadsTheirWorkButChangesNothingOfIt() {
        List<Cell> cells = new ArrayList<>();
        // managing their own class (a new code, removing a member, pre-warming) is the instructor's own business, not
        // the learner's
        java.util.function.BiPredicate<String, String> classManagement = (verb, path) ->
                path.equals("/api/classes/" + aliceClass) && verb.equals("DELETE")
                        || path.startsWith("/api/classes/" + aliceClass + "/")
                        && (path.endsWith("/code") && verb.equals("POST") || path.contains("/members/") && verb.equals("DELETE")
                        || path.contains("/prewarm") && (verb.equals("POST") || verb.equals("DELETE")));
        for (Cell c : ask("ivy", ivy, true, classManagement)) {
            boolean classRead = c.path().startsWith("/api/classes/") && c.verb().equals("GET")
                    && ENDPOINTS.all().stream().anyMatch(e -> e.verb().equals("GET")
                    && e.fill(values).equals(c.path()));
            cells.add(c);
            if (classRead) {
                assertThat(c.status()).as(c.toString()).isEqualTo(200);
            } else {
                assertThat(c.status()).as(c.toString()).isIn(403, 404, 405);
                assertThat(c.body()).as(c.toString()).doesNotContain("<domain");
            }
        }
        assertThat(snapshot()).isEqualTo(before);
        report("the owner's instructor", cells);
    }

    @Test
    @Order(5)
    void listsShowStrangersNoneOfTheOwners() {
        for (Api stranger : List.of(bob, ian)) {
            for (String path : List.of("/api/sessions", "/api/classes", "/api/labs")) {
                Api.Reply reply = stranger.get(path);
                assertThat(reply.status()).as(path).isEqualTo(200);
                assertThat(reply.body()).as(path).doesNotContain(session).doesNotContain("KVM 101");
            }
        }
        assertThat(bob.get("/api/sessions").body()).contains(bobSession);
    }

    @Test
    @Order(6)
    void theShellKnowsOnlyTheLearnersOwnObjects() {
        String shell = "/api/sessions/" + bobSession + "/shell";
        Map<String, String> tries = new LinkedHashMap<>();
        tries.put("dumpxml kvmlab-" + session + "-web01", "failed to get domain");
        tries.put("destroy kvmlab-" + session + "-web01", "failed to get domain");
        tries.put("net-dumpxml kvmlab-" + session + "-net", "failed to get network");
        tries.put("vol-info kvmlab-" + session + "-data", "failed to get vol");
        tries.put("vol-delete data", "only volumes you made with vol-create-as can be deleted");
        tries.put("snapshot-revert web01 mine", "no domain snapshot with matching name 'mine'");
        tries.put("attach-disk web01 data vdb --config", "failed to get vol 'data'");
        for (var t : tries.entrySet()) {
            JsonObject reply = bob.postJson(shell, "{\"command\":\"" + t.getKey() + "\"}").object();
            assertThat(reply.getInt("exitCode")).as(t.getKey()).isEqualTo(1);
            assertThat(reply.getString("output")).as(t.getKey()).contains(t.getValue()).doesNotContain("<domain")
                    .doesNotContain("running").doesNotContain("Capacity");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(7)
    void pagesConsoleTicketsAndSocketsFindNothingOfTheOwnersEither() throws Exception {
        String origin = platform.server().url("").toString().replaceFirst("/$", "");
        PageClient bobsBrowser = new PageClient(platform.server());
        assertThat(bobsBrowser.signIn("bob", password("bob")).statusCode()).isEqualTo(302);
        HttpResponse<String> lab = bobsBrowser.get("/lab.xhtml?s=" + session);
        assertThat(lab.statusCode()).isEqualTo(200);
        assertThat(lab.body()).contains("Lab session not found").doesNotContain("kvmlab-" + session)
                .doesNotContain("&lt;domain");
        HttpResponse<String> ticket = bobsBrowser.send(bobsBrowser.request("/console-ticket?s=" + session
                + "&g=web01", "Origin", origin).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(ticket.statusCode()).isEqualTo(404);
        HttpResponse<String> vncTicket = bobsBrowser.send(bobsBrowser.request("/console-ticket?kind=vnc&s=" + session
                + "&g=web01", "Origin", origin).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(vncTicket.statusCode()).isEqualTo(404);
        assertThat(bobsBrowser.get("/teach/student.xhtml?c=" + aliceClass + "&u=alice&s=" + session).statusCode())
                .as("a student on an instructor page").isEqualTo(403);

        PageClient iansBrowser = new PageClient(platform.server());
        assertThat(iansBrowser.signIn("ian", password("ian")).statusCode()).isEqualTo(302);
        HttpResponse<String> student = iansBrowser.get("/teach/student.xhtml?c=" + aliceClass + "&u=alice&s="
                + session);
        assertThat(student.body()).contains("Student not found").doesNotContain("domstate web01");
        assertThat(iansBrowser.get("/lab.xhtml?s=" + session).body()).contains("Lab session not found");

        for (String socket : List.of("/console/socket/", "/vnc/socket/")) {
            java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
            java.net.URI uri = java.net.URI.create(platform.server().url(socket + "forged-" + session).toString()
                    .replaceFirst("^http", "ws"));
            HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin).buildAsync(uri,
                    new WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onClose(WebSocket ws, int code, String why) {
                            closed.complete(code);
                            return null;
                        }
                    }).join();
            assertThat(closed.get(30, java.util.concurrent.TimeUnit.SECONDS)).as(socket).isEqualTo(1008);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(8)
    void theOwnerReachesEveryOneOfTheirEndpoints() {
        List<Cell> cells = new ArrayList<>();
        for (ApiEndpoints.Endpoint e : ENDPOINTS.all()) {
            if (!e.resource().equals(SessionsResource.class) || e.parameters().isEmpty()
                    || e.verb().equals("DELETE") || e.template().endsWith("/reset")) {
                continue; // ending or resetting the session would take the other cells' subject away
            }
            String path = e.fill(values);
            boolean withBody = !e.verb().equals("GET");
            Api.Reply reply = alice.send(e.verb(), path, e.consumes(), withBody ? body(e) : null);
            Cell c = new Cell("alice", e.verb(), path, reply.status(), reply.body());
            cells.add(c);
            assertThat(c.status()).as("the matrix asks about a real thing: " + c).isNotIn(404, 405).isLessThan(500);
        }
        assertThat(cells).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    @Order(9)
    void readingAStudentsWorkIsAuditedAndDeletingTheClassTakesNothingOfTheirs() {
        Api admin = new Api(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
        String reads = admin.get("/api/admin/audit?actor=ivy&action=INSTRUCTOR_ACTION&subject=alice").body();
        assertThat(reads).contains("read alice's session " + session).contains("read alice's sessions and best scores");
        assertThat(admin.get("/api/admin/audit?actor=ian&subject=alice").body()).as("strangers read nothing")
                .isEqualTo("[]");

        assertThat(ian.delete("/api/classes/" + aliceClass).status()).isEqualTo(404);
        assertThat(bob.delete("/api/classes/" + aliceClass).status()).isEqualTo(403);
        assertThat(ivy.delete("/api/classes/" + aliceClass).status()).isEqualTo(204);
        assertThat(ivy.get("/api/classes/" + aliceClass).status()).isEqualTo(404);
        assertThat(ivy.get("/api/classes/" + aliceClass + "/students/alice/sessions").status()).isEqualTo(404);
        assertThat(alice.get("/api/sessions/" + session).status()).as("alice's work stays hers").isEqualTo(200);
        assertThat(((JsonArray) alice.get("/api/sessions/" + session + "/attempts").json())).isNotEmpty();
        assertThat(admin.get("/api/admin/audit?actor=ivy&subject=class/" + aliceClass).body())
                .contains("deleted class 'KVM 101' with its 1 member");
    }

    /** After the strangers had their go (2 to 7), before the class is deleted (9). */
    @Test
    @Order(8)
    void strangersCouldNotCancelTheClassesPreWarming() {
        JsonArray prewarms = (JsonArray) ivy.get("/api/classes/" + aliceClass + "/prewarm").json();
        assertThat(prewarms.stream().map(p -> p.asJsonObject().getJsonNumber("id").longValue()).toList())
                .containsExactly(ivysPrewarm);
    }

    @Test
    @Order(10)
    void theAdminAddressesAnswerNobodyButAnAdmin() {
        List<Cell> cells = new ArrayList<>();
        Map<String, Api> others = Map.of("alice", alice, "bob", bob, "ivy", ivy, "ian", ian);
        for (ApiEndpoints.Endpoint declared : ENDPOINTS.all()) {
            if (!declared.template().startsWith("/api/admin")) {
                continue;
            }
            String path = declared.fill(values);
            for (var who : others.entrySet()) {
                boolean withBody = !declared.verb().equals("GET") && !declared.verb().equals("DELETE");
                Api.Reply reply = who.getValue().send(declared.verb(), path, declared.consumes(),
                        withBody ? body(declared) : null);
                cells.add(new Cell(who.getKey(), declared.verb(), path, reply.status(), reply.body()));
            }
        }
        assertThat(cells).isNotEmpty().allSatisfy(c -> {
            assertThat(c.status()).as(c.toString()).isEqualTo(403);
            assertThat(c.body()).as(c.toString()).doesNotContain("test:///").doesNotContain("\"alice\"");
        });
        System.out.println("isolation matrix, students and instructors on the admin addresses: " + cells.size()
                + " requests (each admin endpoint by its own verb, asked by each of 4 accounts)");
    }

    private static void report(String who, List<Cell> cells) {
        System.out.println("isolation matrix, " + who + ": " + cells.size() + " requests over "
                + cells.stream().map(Cell::path).distinct().count() + " addresses x " + VERBS.size() + " verbs");
    }
}
