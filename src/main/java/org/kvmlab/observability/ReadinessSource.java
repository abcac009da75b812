package org.kvmlab.observability;

import java.util.List;

/**
 * Something the platform needs in order to serve learners, which says whether it is up. CDI beans; the
 * readiness check ({@link PlatformReadiness}) asks all of them. {@code components()} should answer quickly; a
 * source that takes longer than {@link Readiness#TIMEOUT} counts as down.
 */
public interface ReadinessSource {

    List<Component> components();

    /**
     * One part's state. {@code name} and {@code up} are public (the health endpoint shows them to anyone): a name
     * must not hold a URI, a version or an address. {@code detail} is for admins (the metrics page) only.
     */
    record Component(String name, boolean up, String detail) {
    }
}
