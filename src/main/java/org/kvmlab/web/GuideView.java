package org.kvmlab.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.platform.Platform;

/** One best-practice guide, or the list of them. */
@Named
@RequestScoped
public class GuideView {

    @Inject
    Platform platform;

    private String name;
    private Optional<GuideLibrary.Guide> guide;

    public GuideLibrary.Guide getGuide() {
        if (guide == null) {
            guide = platform.guides().find(name);
        }
        return guide.orElse(null);
    }

    public List<GuideLibrary.Guide> getAll() {
        return platform.guides().names().stream().map(n -> platform.guides().find(n)).flatMap(Optional::stream)
                .toList();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
