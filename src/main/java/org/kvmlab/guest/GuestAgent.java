package org.kvmlab.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Talks to the QEMU guest agent inside a guest through the hypervisor port: ping, and running a program
 * with {@code guest-exec} and collecting its exit code and output. Used by grading, which only runs the
 * read-only commands a lab declares.
 */
public final class GuestAgent {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    private final Hypervisor hypervisor;

    public GuestAgent(Hypervisor hypervisor) {
        this.hypervisor = hypervisor;
    }

    /** The result of a program run in the guest. */
    public record ExecResult(int exitCode, String stdout, String stderr) {
    }

    /** True when the agent answers {@code guest-ping} now. */
    public boolean ping(String guest) {
        try {
            hypervisor.agentCommand(guest, "{\"execute\":\"guest-ping\"}", Duration.ofSeconds(2));
            return true;
        } catch (HypervisorException e) {
            return false;
        }
    }

    /** Waits until the agent answers {@code guest-ping}, up to the timeout; returns whether it did. */
    public boolean awaitPing(String guest, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ping(guest)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(POLL);
        }
        return true;
    }

    /** Sleeps between polls; an interrupt ends the wait as a timeout. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(HypervisorException.Reason.TIMEOUT, "interrupted");
        }
    }

    /** Runs {@code argv} in the guest and waits for it to finish, up to {@code timeout}. */
    public ExecResult exec(String guest, List<String> argv, Duration timeout) {
        ObjectNode request = JSON.createObjectNode().put("execute", "guest-exec");
        ObjectNode arguments = request.putObject("arguments");
        arguments.put("path", argv.get(0));
        argv.subList(1, argv.size()).forEach(arguments.putArray("arg")::add);
        arguments.put("capture-output", true);
        JsonNode started = call(guest, request.toString(), timeout);
        long pid = started.path("return").path("pid").asLong(-1);
        if (pid < 0) {
            throw new HypervisorException(HypervisorException.Reason.FAILED, "guest-exec returned no pid");
        }
        String status = JSON.createObjectNode().put("execute", "guest-exec-status")
                .set("arguments", JSON.createObjectNode().put("pid", pid)).toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        // most check commands finish within milliseconds: look again soon, then less and less often
        long waitMillis = 5;
        while (true) {
            JsonNode reply = call(guest, status, timeout).path("return");
            if (reply.path("exited").asBoolean(false)) {
                return new ExecResult(reply.path("exitcode").asInt(-1), decode(reply.path("out-data")),
                        decode(reply.path("err-data")));
            }
            if (System.nanoTime() > deadline) {
                throw new HypervisorException(HypervisorException.Reason.TIMEOUT,
                        "the command did not finish within " + timeout.toSeconds() + " s");
            }
            pause(Duration.ofMillis(waitMillis));
            waitMillis = Math.min(POLL.toMillis(), waitMillis * 2);
        }
    }

    private JsonNode call(String guest, String json, Duration timeout) {
        String reply = hypervisor.agentCommand(guest, json, timeout);
        try {
            return JSON.readTree(reply);
        } catch (java.io.IOException e) {
            throw new HypervisorException(HypervisorException.Reason.FAILED, "unreadable guest agent reply", e);
        }
    }

    private static String decode(JsonNode base64) {
        return base64.isMissingNode() || base64.isNull() ? ""
                : new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }
}
