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

    private VirshShell shell;

    public ShellResult run(String username, String sessionId, String line) {
        return sessions.withLiveSession(username, sessionId, (id, lab) -> {
            ShellResult result = shell().run(new VirshShell.Scope(id, lab,
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
                (id, lab) -> shell().complete(new VirshShell.Scope(id, lab), partial));
    }

    public List<String> commandNames() {
        return shell().commandNames();
    }

    private synchronized VirshShell shell() {
        if (shell == null) {
            shell = new VirshShell(platform.runtime());
        }
        return shell;
    }
}
