package org.kvmlab.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.kvmlab.platform.Platform;

/** Who is signed in, the demo-mode banner, and signing out. */
@Named
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityContext security;

    @Inject
    Platform platform;

    public boolean isSignedIn() {
        return security.getCallerPrincipal() != null;
    }

    public String getName() {
        return isSignedIn() ? security.getCallerPrincipal().getName() : null;
    }

    /** Instructors and admins author labs. */
    public boolean isAuthor() {
        return security.isCallerInRole("instructor") || security.isCallerInRole("admin");
    }

    public boolean isDemoMode() {
        return platform.demoMode();
    }

    public boolean isSignupEnabled() {
        return platform.config().signupEnabled();
    }

    public void signOut() throws IOException, ServletException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/login.xhtml?bye=1");
    }

    /** Admins manage accounts, read the audit trail and may end anyone's running lab. */
    public boolean isAdmin() {
        return security.isCallerInRole("admin");
    }
}
