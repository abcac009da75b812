package org.kvmlab.isolation;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every REST endpoint of the platform, read from the compiled JAX-RS resources rather than listed by hand, so
 * an endpoint added later is in the isolation matrix without anyone remembering to add it.
 */
record ApiEndpoints(List<Endpoint> all) {

    /** One resource method: its verb, its path template under {@code /api}, and what it consumes. */
    record Endpoint(Class<?> resource, String verb, String template, String consumes) {
        List<String> parameters() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(template);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        /** The path with each {param} replaced by the value the resource gives it. */
        String fill(Map<Class<?>, Map<String, String>> values) {
            Map<String, String> mine = values.getOrDefault(resource, Map.of());
            StringBuilder out = new StringBuilder();
            Matcher m = PARAM.matcher(template);
            while (m.find()) {
                String value = mine.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException("the isolation matrix has no value for {" + m.group(1) + "} of "
                            + resource.getSimpleName() + " " + verb + " " + template + ": add one");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        @Override
        public String toString() {
            return verb + " " + template;
        }
    }

    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)(?::[^}]*)?}");
    private static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "GET", POST.class, "POST",
            PUT.class, "PUT", DELETE.class, "DELETE");

    static ApiEndpoints scan() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.kvmlab.api")) {
            Class<?> resource = type.reflect();
            Path root = resource.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                for (var verb : VERBS.entrySet()) {
                    if (method.isAnnotationPresent(verb.getKey())) {
                        Path sub = method.getAnnotation(Path.class);
                        Consumes consumes = method.getAnnotation(Consumes.class);
                        endpoints.add(new Endpoint(resource, verb.getValue(), "/api/" + root.value()
                                + (sub == null ? "" : "/" + sub.value()),
                                consumes == null ? "application/json" : consumes.value()[0]));
                    }
                }
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::template).thenComparing(Endpoint::verb));
        return new ApiEndpoints(List.copyOf(endpoints));
    }

    /** The distinct path templates. */
    List<String> templates() {
        return all.stream().map(Endpoint::template).distinct().toList();
    }
}
