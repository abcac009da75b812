package org.kvmlab.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.kvmlab.identity.UserService;
import org.kvmlab.platform.Platform;

/** Student self sign-up (on unless KVMLAB_SIGNUP=false); signs the new student in. */
@Named
@RequestScoped
public class SignupView {

    @Inject
    UserService users;

    @Inject
    Platform platform;

    @Inject
    LoginView login;

    private String username;
    private String password;
    private String repeat;

    public void signUp() {
        if (!platform.config().signupEnabled()) {
            Pages.error("Sign-up is turned off here. Ask your instructor for an account.");
            return;
        }
        if (password == null || !password.equals(repeat)) {
            Pages.error("The two passwords are not the same. Type them again.");
            return;
        }
        String name = username == null ? "" : username.strip();
        try {
            users.signUp(name, password);
        } catch (UserService.SignupException e) {
            Pages.error(e.getMessage());
            return;
        }
        login.setUsername(name);
        login.setPassword(password);
        login.signIn();
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

    public String getRepeat() {
        return repeat;
    }

    public void setRepeat(String repeat) {
        this.repeat = repeat;
    }
}
