package org.kvmlab.identity;

import java.util.Locale;

/** What an account may do. The lower-case name is the Jakarta Security group and role. */
public enum Role {
    STUDENT, INSTRUCTOR, ADMIN;

    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
