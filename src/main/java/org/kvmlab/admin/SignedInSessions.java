package org.kvmlab.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The page sessions each account is signed in with. A signed-in caller's roles are kept in their HTTP session
 * and the container trusts them until it ends; after an admin changes someone's role those sessions are
 * ended, so the person signs in again with the role they have now instead of keeping the old one for hours.
 * (The API takes credentials on every request and does not need this.)
 */
@ApplicationScoped
public class SignedInSessions {

    private static final Logger LOG = Logger.getLogger(SignedInSessions.class.getName());

    /** User name → session id → session. */
    private final Map<String, Map<String, HttpSession>> sessions = new ConcurrentHashMap<>();

    @Inject
    HttpServletRequest request;

    void signedIn(String username, HttpSession session) {
        sessions.computeIfAbsent(username, u -> new ConcurrentHashMap<>()).put(session.getId(), session);
    }

    void gone(HttpSession session) {
        forget(session.getId());
    }

    void idChanged(HttpSession session, String oldId) {
        sessions.values().forEach(byId -> {
            if (byId.remove(oldId) != null) {
                byId.put(session.getId(), session);
            }
        });
    }

    /**
     * Ends every page session of the account except the one serving this request (whose page signs its
     * user out itself, after answering). Returns how many were ended.
     */
    public int signOut(String username) {
        Map<String, HttpSession> byId = sessions.getOrDefault(username, Map.of());
        String current = currentSessionId();
        int ended = 0;
        for (HttpSession session : byId.values().toArray(HttpSession[]::new)) {
            if (session.getId().equals(current)) {
                continue;
            }
            forget(session.getId());
            try {
                session.invalidate();
                ended++;
            } catch (IllegalStateException e) {
                // it had ended by itself meanwhile
            }
        }
        int count = ended;
        LOG.fine(() -> "signed " + username + " out of " + count + " sessions");
        return ended;
    }

    private void forget(String id) {
        sessions.values().forEach(byId -> byId.remove(id));
        sessions.values().removeIf(Map::isEmpty);
    }

    private String currentSessionId() {
        try {
            HttpSession session = request.getSession(false);
            return session == null ? null : session.getId();
        } catch (ContextNotActiveException | IllegalStateException e) {
            return null;
        }
    }
}
