package org.kvmlab.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person's account: a unique user name, a PBKDF2 password hash, one role, and its wrong-password strikes. */
@Entity
@Table(name = "users")
@NamedQuery(name = "UserAccount.byName", query = "select u from UserAccount u where u.username = :name")
@NamedQuery(name = "UserAccount.lockedAt", query = "select u from UserAccount u where u.lockedUntil > :now"
        + " order by u.lockedUntil")
public class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 512)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "lockouts", nullable = false)
    private int lockouts;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    protected UserAccount() {
    }

    public UserAccount(String username, String passwordHash, Role role, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Role role() {
        return role;
    }

    public LoginStrikes strikes() {
        return new LoginStrikes(failedLogins, lockouts, lockedUntil);
    }

    void strikes(LoginStrikes strikes) {
        this.failedLogins = strikes.failures();
        this.lockouts = strikes.lockouts();
        this.lockedUntil = strikes.lockedUntil();
    }
}
