package org.kvmlab.web;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.admin.AccountAdmin;
import org.kvmlab.admin.AccountDirectory;
import org.kvmlab.admin.AdminException;
import org.kvmlab.identity.Role;

/** The admin's accounts page: every account with its role and age, a new account with a role, role changes. */
@Named
@ViewScoped
public class AdminUsersView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient AccountAdmin accounts;

    private String username;
    private String password;
    private Role role = Role.STUDENT;
    /** User name → the role (its name) picked for it in the table, before Change is pressed. */
    private final Map<String, String> picked = new HashMap<>();
    private transient List<AccountDirectory.Account> list;
    private transient Map<String, java.time.Instant> locked;

    public List<AccountDirectory.Account> getAccounts() {
        if (list == null) {
            try {
                list = accounts.accounts(Pages.caller());
                locked = accounts.lockedUntil(Pages.caller());
            } catch (AdminException e) {
                list = List.of();
                locked = Map.of();
                Pages.error(e.getMessage());
            }
            picked.clear();
            list.forEach(a -> picked.put(a.username(), a.role().roleName()));
        }
        return list;
    }

    public void create() {
        try {
            AccountDirectory.Account created = accounts.create(Pages.caller(), username, password, role);
            Pages.info("The account '" + created.username() + "' (" + created.role().roleName() + ") is ready. Give"
                    + " its password to its owner in person.");
            username = null;
            password = null;
            role = Role.STUDENT;
            list = null;
        } catch (AdminException e) {
            password = null;
            Pages.error(e.getMessage());
        }
    }

    public void changeRole(String name) {
        try {
            AccountDirectory.Account changed = accounts.changeRole(Pages.caller(), name,
                    AccountAdmin.parseRole(picked.get(name)));
            if (changed.username().equals(Pages.caller()) && changed.role() != Role.ADMIN) {
                // the admin gave up their own role: this page is no longer theirs; sign in again as what they are
                FacesContext.getCurrentInstance().getExternalContext().invalidateSession();
                Pages.redirect("/login.xhtml?bye=1");
                return;
            }
            Pages.info(changed.username() + " is now " + changed.role().roleName() + ". If they were signed in,"
                    + " they sign in again to get it.");
        } catch (AdminException e) {
            Pages.error(e.getMessage());
        }
        list = null;
    }

    /** User name → when its sign-in lockout ends, for the locked accounts. */
    public Map<String, java.time.Instant> getLocked() {
        if (locked == null) {
            getAccounts();
        }
        return locked;
    }

    /** Lifts an account's sign-in lockout. */
    public void unlock(String name) {
        try {
            Pages.info(accounts.unlock(Pages.caller(), name) ? name + " can sign in again."
                    : name + " was not locked; its count of wrong passwords starts afresh.");
        } catch (AdminException e) {
            Pages.error(e.getMessage());
        }
        list = null;
        locked = null;
    }

    public Role[] getRoles() {
        return Role.values();
    }

    public Map<String, String> getPicked() {
        return picked;
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

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }
}
