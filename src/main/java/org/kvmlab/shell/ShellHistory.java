package org.kvmlab.shell;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The virsh commands of each session, in the database, so the history survives reloads and new logins. */
@ApplicationScoped
@Transactional
public class ShellHistory {

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    public void record(String sessionId, String command, int exitCode, Instant at) {
        em.persist(new ShellEntry(sessionId, at, command, exitCode));
    }

    /** The session's last commands, oldest first. */
    public List<String> last(String sessionId, int count) {
        List<String> newestFirst = em.createQuery("select e.command from ShellEntry e where e.sessionId = :s"
                + " order by e.runAt desc, e.id desc", String.class).setParameter("s", sessionId)
                .setMaxResults(count).getResultList();
        List<String> commands = new ArrayList<>(newestFirst);
        Collections.reverse(commands);
        return commands;
    }
}
