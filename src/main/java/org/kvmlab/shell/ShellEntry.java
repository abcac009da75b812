package org.kvmlab.shell;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One virsh command a learner ran in a session, kept as their shell history. */
@Entity
@Table(name = "shell_commands")
public class ShellEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "session_id", nullable = false, length = 36)
    private String sessionId;

    @Column(name = "run_at", nullable = false)
    private Instant runAt;

    @Column(nullable = false, length = 4096)
    private String command;

    @Column(name = "exit_code", nullable = false)
    private int exitCode;

    protected ShellEntry() {
    }

    ShellEntry(String sessionId, Instant runAt, String command, int exitCode) {
        this.sessionId = sessionId;
        this.runAt = runAt;
        this.command = command.length() > 4096 ? command.substring(0, 4096) : command;
        this.exitCode = exitCode;
    }

    public String command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public Instant runAt() {
        return runAt;
    }
}
