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

/** A student's place in a class: what lets the class's instructor see that student's work. */
@Entity
@Table(name = "class_members")
@NamedQuery(name = "ClassMember.ofClass", query = "select m from ClassMember m where m.classroom.id = :id"
        + " order by m.student.username")
@NamedQuery(name = "ClassMember.one", query = "select m from ClassMember m where m.classroom.id = :id"
        + " and m.student.username = :name")
@NamedQuery(name = "ClassMember.classesOf", query = "select m.classroom from ClassMember m"
        + " where m.student.username = :name order by m.classroom.name, m.classroom.id")
@NamedQuery(name = "ClassMember.counts", query = "select m.classroom.id, count(m) from ClassMember m"
        + " group by m.classroom.id")
public class ClassMember {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "class_id")
    private Classroom classroom;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "student_id")
    private UserAccount student;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    protected ClassMember() {
    }

    ClassMember(Classroom classroom, UserAccount student, Instant joinedAt) {
        this.classroom = classroom;
        this.student = student;
        this.joinedAt = joinedAt;
    }

    public UserAccount student() {
        return student;
    }

    public Instant joinedAt() {
        return joinedAt;
    }
}
