package org.kvmlab.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabCheck;
import org.kvmlab.guide.GuideLabIndex;
import org.kvmlab.guide.GuideLabIndex.LabRef;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.platform.Platform;

/** One best-practice guide with the labs that practise it, or the list of guides. */
@Named
@RequestScoped
public class GuideView {

    /** Guides about writing labs rather than running KVM; listed apart, after the practice guides. */
    static final Set<String> FOR_AUTHORS = Set.of("authoring");

    @Inject
    Platform platform;

    @Inject
    org.kvmlab.authoring.LabLibrary labs;

    private String name;
    private Optional<GuideLibrary.Guide> guide;
    private GuideLabIndex index;

    public GuideLibrary.Guide getGuide() {
        if (guide == null) {
            guide = platform.guides().find(name);
        }
        return guide.orElse(null);
    }

    /** Every guide, practice guides first. */
    public List<GuideLibrary.Guide> getAll() {
        return Stream.concat(getPracticeGuides().stream(), getAuthorGuides().stream()).toList();
    }

    /** The guides on running KVM well, which labs practise. */
    public List<GuideLibrary.Guide> getPracticeGuides() {
        return guides(false);
    }

    /** The guides for people writing labs. */
    public List<GuideLibrary.Guide> getAuthorGuides() {
        return guides(true);
    }

    /** The labs with a check that links into the guide shown (or any guide, by name). */
    public List<LabRef> labsFor(String guideName) {
        return index().labs(guideName);
    }

    /** "practised in 3 labs (1 coming)", for the guide index. */
    public String practisedIn(String guideName) {
        return practisedIn(labsFor(guideName));
    }

    static String practisedIn(List<LabRef> labs) {
        if (labs.isEmpty()) {
            return "no lab practises it yet";
        }
        long coming = labs.stream().filter(LabRef::coming).count();
        return "practised in " + labs.size() + (labs.size() == 1 ? " lab" : " labs")
                + (coming > 0 ? " (" + coming + " coming)" : "");
    }

    /** The labs with a check that links to this section of the guide shown. */
    public List<LabRef> sectionLabs(String anchor) {
        return index().labs(name, anchor);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    private List<GuideLibrary.Guide> guides(boolean forAuthors) {
        GuideLibrary library = platform.guides();
        return library.names().stream().filter(n -> FOR_AUTHORS.contains(n) == forAuthors).map(library::find)
                .flatMap(Optional::stream).toList();
    }

    private GuideLabIndex index() {
        if (index == null) {
            index = index(labs.published());
        }
        return index;
    }

    /** The guide-to-lab index of these labs, from the guide links of their checks. */
    static GuideLabIndex index(List<Lab> labs) {
        GuideLabIndex.Builder builder = GuideLabIndex.builder();
        for (Lab lab : labs) {
            builder.lab(lab.id(), lab.title(), !lab.available(), lab.checks().stream().map(LabCheck::guide).toList());
        }
        return builder.build();
    }
}
