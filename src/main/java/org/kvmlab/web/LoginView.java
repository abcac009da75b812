package org.kvmlab.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;
import org.kvmlab.identity.LoginGuard;
import org.kvmlab.identity.LoginRefusal;

/**
 * The sign-in form. After signing in, the learner lands where they were going (inside the app only). After
 * too many wrong passwords it says that the account is locked, until when, and what to do.
 */
@Named
@RequestScoped
public class LoginView {

    /** Only local paths may be returned to, never another site. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/[A-Za-z0-9._/-]*(\\?[A-Za-z0-9=&%._-]*)?");

    @Inject
    SecurityContext security;

    @Inject
    LoginGuard guard;

    private String username;
    private String password;
    private String next;

    public void signIn() {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        AuthenticationStatus status = security.authenticate((HttpServletRequest) external.getRequest(),
                (HttpServletResponse) external.getResponse(), AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(username == null ? "" : username.strip(),
                                password == null ? "" : password))
                        .newAuthentication(true));
        if (status == AuthenticationStatus.SUCCESS) {
            Pages.redirect(next != null && LOCAL_PATH.matcher(next).matches() && !next.startsWith("//")
                    ? next : "/index.xhtml");
            faces.responseComplete();
        } else if (status == AuthenticationStatus.SEND_FAILURE) {
            password = null;
            Object refusal = external.getRequestMap().get(LoginRefusal.ATTRIBUTE);
            Pages.error(refusal instanceof LoginRefusal refused ? refused.message(guard.now())
                    : "The user name or password is wrong. Check them and try again.");
        } else {
            faces.responseComplete();
        }
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getNext() {
        return next;
    }

    public void setNext(String next) {
        this.next = next;
    }
}
