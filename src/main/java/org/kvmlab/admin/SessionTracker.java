package org.kvmlab.admin;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.kvmlab.identity.Caller;

/**
 * Tells {@link SignedInSessions} when a session gets a signed-in caller (the sign-in stores a {@link Caller}
 * in it) and when it ends or changes its id.
 */
@WebListener
public class SessionTracker implements HttpSessionAttributeListener, HttpSessionListener, HttpSessionIdListener {

    @Inject
    SignedInSessions signedIn;

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        if (event.getValue() instanceof Caller caller) {
            signedIn.signedIn(caller.name(), event.getSession());
        }
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        // the event carries the old value; the session holds the new one
        HttpSession session = event.getSession();
        if (event.getValue() instanceof Caller) {
            signedIn.gone(session);
        }
        if (session.getAttribute(event.getName()) instanceof Caller caller) {
            signedIn.signedIn(caller.name(), session);
        }
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        if (event.getValue() instanceof Caller) {
            signedIn.gone(event.getSession());
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        signedIn.gone(event.getSession());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        signedIn.idChanged(event.getSession(), oldSessionId);
    }
}
