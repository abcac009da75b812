package org.kvmlab.testing;

import java.nio.file.Path;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabCatalog;
import org.kvmlab.catalog.LabLoader;
import org.kvmlab.guide.GuideLibrary;

/** The repository's labs and guides, as the tests load them. */
public final class Labs {

    private Labs() {
    }

    public static Path labsFolder() {
        return Path.of(System.getProperty("kvmlab.labs", "labs")).toAbsolutePath();
    }

    public static Path guidesFolder() {
        return Path.of(System.getProperty("kvmlab.guides", "guides")).toAbsolutePath();
    }

    public static GuideLibrary guides() {
        return new GuideLibrary(guidesFolder());
    }

    public static LabCatalog catalog() {
        return LabCatalog.load(labsFolder(), new LabLoader(guides()));
    }

    public static Lab lab(String id) {
        return catalog().find(id).orElseThrow(() -> new AssertionError("lab " + id + " did not load: "
                + catalog().problems()));
    }
}
