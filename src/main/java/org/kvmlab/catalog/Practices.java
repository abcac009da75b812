package org.kvmlab.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The numbered best practices of the curriculum ({@code curriculum/practices.yaml}), which checks name in
 * {@code practices:} so the coverage report can say which labs teach and grade each one.
 */
public final class Practices {

    /** One practice and the guide section that explains it. */
    public record Practice(int n, String title, String guide) {
    }

    private static final List<Practice> ALL = load();
    public static final int COUNT = ALL.size();

    private Practices() {
    }

    public static List<Practice> all() {
        return ALL;
    }

    public static boolean exists(int n) {
        return find(n).isPresent();
    }

    public static Optional<Practice> find(int n) {
        return ALL.stream().filter(p -> p.n() == n).findFirst();
    }

    private static List<Practice> load() {
        try (InputStream in = Practices.class.getResourceAsStream("/curriculum/practices.yaml")) {
            if (in == null) {
                throw new IllegalStateException("curriculum/practices.yaml is missing from the classpath");
            }
            return List.copyOf(new YAMLMapper().readValue(in, new TypeReference<List<Practice>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
