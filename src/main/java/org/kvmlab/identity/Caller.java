package org.kvmlab.identity;

import java.io.Serializable;
import java.util.Set;

/** Who is signed in, as kept in the HTTP session. */
public record Caller(String name, Set<String> groups) implements Serializable {
    public Caller {
        groups = Set.copyOf(groups);
    }
}
