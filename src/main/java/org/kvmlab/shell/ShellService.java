package org.kvmlab.shell;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.platform.Platform;
import org.kvmlab.session.SessionService;
import org.kvmlab.session.WorkspaceService;

/**
 * The virsh shell of a learner's sessions, for the lab page and the REST API alike (same parser, same
 * names, same rules). A learner only reaches their own live sessions; commands of one session run one at a
 * time.
 */
@ApplicationScoped
public class ShellService {

    @Inject
    Platform platform;

    @Inject
    SessionService sessions;

    @Inject
    ShellHistory history;

    @Inject
    WorkspaceService workspace;

    @Inject
    AuditLog audit;

    /** One shell per host runtime (a host that reconnects gets a new runtime, and so a new shell). */
    private final java.util.Map<org.kvmlab.session.LabRuntime, VirshShell> shells = new java.util.WeakHashMap<>();

    public ShellResult run(String username, String sessionId, String line) {
        return sessions.withLiveSession(username, sessionId, (id, lab) -> {
            ShellResult result = shell(id).run(new VirshShell.Scope(id, lab,
                    bytes -> workspace.admitVolume(username, bytes)), line);
            if (line != null && !line.isBlank()) {
                history.record(id, line.strip(), result.exitCode(), java.time.Instant.now());
            }
            result.refusal().ifPresent(why -> audit.record(username, AuditAction.INPUT_REFUSED, id,
                    "virsh '" + (line.strip().length() > 200 ? line.strip().substring(0, 200) + "…" : line.strip()) + "' refused: " + why));
            return result;
        });
    }

    /** The learner's last commands in the session, oldest first (their ↑ history). */
    public List<String> history(String username, String sessionId) {
        return sessions.peekLiveSession(username, sessionId, (id, lab) -> history.last(id, 200));
    }

    public List<String> complete(String username, String sessionId, String partial) {
        return sessions.peekLiveSession(username, sessionId,
                (id, lab) -> shell(id).complete(new VirshShell.Scope(id, lab), partial));
    }

    public List<String> commandNames() {
        return shell(platform.runtime()).commandNames();
    }

    /** The shell that works on the host a session runs on. */
    private VirshShell shell(String sessionId) {
        return shell(sessions.runtimeOf(sessionId));
    }

    private synchronized VirshShell shell(org.kvmlab.session.LabRuntime runtime) {
        return shells.computeIfAbsent(runtime, VirshShell::new);
    }
}
