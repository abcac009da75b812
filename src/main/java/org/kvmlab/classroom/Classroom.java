package org.kvmlab.classroom;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.kvmlab.identity.UserAccount;

/**
 * A class: an instructor's group of students. Students join with its code; only the current code works, so
 * renewing it shuts the door on anyone who only knew the old one (members stay).
 */
@Entity
@Table(name = "classes")
@NamedQuery(name = "Classroom.all", query = "select c from Classroom c order by c.name, c.id")
@NamedQuery(name = "Classroom.ownedBy", query = "select c from Classroom c where c.owner.username = :name"
        + " order by c.name, c.id")
@NamedQuery(name = "Classroom.byCode", query = "select c from Classroom c where c.joinCode = :code")
@NamedQuery(name = "Classroom.byOwnerAndName", query = "select c from Classroom c where c.owner.username = :owner"
        + " and c.name = :name")
public class Classroom {

    /** Longest class name, as the column allows. */
    public static final int MAX_NAME = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = MAX_NAME)
    private String name;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "owner_id")
    private UserAccount owner;

    @Column(name = "join_code", nullable = false, unique = true, length = JoinCode.LENGTH)
    private String joinCode;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Classroom() {
    }

    Classroom(String name, UserAccount owner, String joinCode, Instant createdAt) {
        this.name = name;
        this.owner = owner;
        this.joinCode = joinCode;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public UserAccount owner() {
        return owner;
    }

    /** The current join code, normalised (see {@link JoinCode}). */
    public String joinCode() {
        return joinCode;
    }

    public Instant createdAt() {
        return createdAt;
    }

    void renewCode(String code) {
        this.joinCode = code;
    }
}
