package org.kvmlab.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.kvmlab.catalog.CheckVariables;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabCheck;
import org.kvmlab.catalog.LabCheck.AllProbe;
import org.kvmlab.catalog.LabCheck.AnyProbe;
import org.kvmlab.catalog.LabCheck.CompareProbe;
import org.kvmlab.catalog.LabCheck.CountProbe;
import org.kvmlab.catalog.LabCheck.LibvirtObject;
import org.kvmlab.catalog.LabCheck.NotProbe;
import org.kvmlab.catalog.LabCheck.ObjectProbe;
import org.kvmlab.catalog.LabCheck.Probe;
import org.kvmlab.catalog.LabCheck.XPathProbe;
import org.kvmlab.guest.XmlView;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;

/**
 * The checks the available labs grade each practice with, sorted by where their evidence is: the stored domain
 * XML a learner writes ({@link #learnerXml}), or the XML of the session's volume or network. Evaluates those on a
 * document the way the grader does, with sample host facts ({@link CheckVariables#SAMPLE}: 2 host CPUs, no free
 * hugepages), so a corpus case can be held to what the labs actually grade.
 */
final class PracticeChecks {

    /** A check of an available lab, with the lab it belongs to (for messages). */
    record Graded(String lab, LabCheck check) {
        @Override
        public String toString() {
            return lab + ":" + check.id();
        }
    }

    private final List<Graded> checks = new ArrayList<>();

    PracticeChecks(List<Lab> labs) {
        for (Lab lab : labs) {
            if (lab.available()) {
                lab.checks().forEach(c -> checks.add(new Graded(lab.id(), c)));
            }
        }
    }

    /** Practices some check of an available lab grades. */
    Set<Integer> graded() {
        Set<Integer> out = new TreeSet<>();
        checks.forEach(g -> out.addAll(g.check().practices()));
        return out;
    }

    /** Practices graded by a check that reads the stored domain XML the learner writes. */
    Set<Integer> gradedOnLearnerXml() {
        Set<Integer> out = new TreeSet<>();
        checks.stream().filter(g -> readsLearnerXml(g.check().probe())).forEach(g -> out.addAll(g.check().practices()));
        return out;
    }

    /** Practices graded by a check on the XML of a libvirt object next to the guest (volume, network). */
    Set<Integer> gradedOn(LibvirtObject object) {
        Set<Integer> out = new TreeSet<>();
        checks.stream().filter(g -> !objectProbes(g.check().probe(), object).isEmpty())
                .forEach(g -> out.addAll(g.check().practices()));
        return out;
    }

    /** The checks of practice {@code n} that read the learner's stored domain XML. */
    List<Graded> learnerXml(int n) {
        return checks.stream().filter(g -> g.check().practices().contains(n))
                .filter(g -> readsLearnerXml(g.check().probe())).toList();
    }

    /** The object probes of practice {@code n} on this kind of object. */
    List<ObjectProbe> objectChecks(int n, LibvirtObject object) {
        return checks.stream().filter(g -> g.check().practices().contains(n))
                .flatMap(g -> objectProbes(g.check().probe(), object).stream()).toList();
    }

    /** Every check of one lab that reads the learner's stored domain XML. */
    static List<LabCheck> learnerXmlChecks(Lab lab) {
        return lab.checks().stream().filter(c -> readsLearnerXml(c.probe())).toList();
    }

    /**
     * True for a probe that reads the stored definition ({@code INACTIVE} views) and looks at the document,
     * not only at host facts such as {@code $hostTun}; a composite counts when its parts all do.
     */
    static boolean readsLearnerXml(Probe probe) {
        if (probe instanceof XPathProbe x) {
            return stored(x.view()) && readsDocument(x.expression());
        } else if (probe instanceof CountProbe c) {
            return stored(c.view()) && readsDocument(c.expression());
        } else if (probe instanceof CompareProbe c) {
            return stored(c.view()) && (readsDocument(c.value()) || readsDocument(c.to()));
        } else if (probe instanceof AllProbe all) {
            return all.parts().stream().allMatch(PracticeChecks::readsLearnerXml);
        } else if (probe instanceof AnyProbe any) {
            return any.parts().stream().allMatch(PracticeChecks::readsLearnerXml);
        } else if (probe instanceof NotProbe not) {
            return readsLearnerXml(not.part());
        }
        return false;
    }

    /** The view a learner-XML probe reads: the secure one (with console passwords) when any part asks for it. */
    static XmlView view(Probe probe) {
        boolean secure = probe instanceof XPathProbe x && x.view() == XmlView.INACTIVE_SECURE
                || probe instanceof CountProbe c && c.view() == XmlView.INACTIVE_SECURE
                || probe instanceof CompareProbe c2 && c2.view() == XmlView.INACTIVE_SECURE
                || probe instanceof LabCheck.CompositeProbe all && all.parts().stream()
                        .anyMatch(p -> view(p) == XmlView.INACTIVE_SECURE)
                || probe instanceof NotProbe not && view(not.part()) == XmlView.INACTIVE_SECURE;
        return secure ? XmlView.INACTIVE_SECURE : XmlView.INACTIVE;
    }

    private static boolean stored(XmlView view) {
        return view == XmlView.INACTIVE || view == XmlView.INACTIVE_SECURE;
    }

    private static boolean readsDocument(String expression) {
        return expression.contains("/");
    }

    private static List<ObjectProbe> objectProbes(Probe probe, LibvirtObject object) {
        List<ObjectProbe> out = new ArrayList<>();
        if (probe instanceof ObjectProbe o && o.object() == object) {
            out.add(o);
        } else if (probe instanceof LabCheck.CompositeProbe composite) {
            composite.parts().forEach(p -> out.addAll(objectProbes(p, object)));
        } else if (probe instanceof NotProbe not) {
            out.addAll(objectProbes(not.part(), object));
        }
        return out;
    }

    /** Whether a learner-XML probe passes on this domain document, as the grader would decide it. */
    static boolean passes(Probe probe, Document doc) throws XmlException {
        Map<String, Object> vars = CheckVariables.SAMPLE;
        if (probe instanceof XPathProbe x) {
            return Xml.test(Xml.compile(x.expression(), vars), doc);
        } else if (probe instanceof CountProbe c) {
            int n = Xml.count(Xml.compile(c.expression(), vars), doc);
            return n >= c.min() && n <= c.max();
        } else if (probe instanceof CompareProbe c) {
            return c.operator().holds(Xml.number(Xml.compile(c.value(), vars), doc),
                    Xml.number(Xml.compile(c.to(), vars), doc));
        } else if (probe instanceof AllProbe all) {
            for (Probe part : all.parts()) {
                if (!passes(part, doc)) {
                    return false;
                }
            }
            return true;
        } else if (probe instanceof AnyProbe any) {
            for (Probe part : any.parts()) {
                if (passes(part, doc)) {
                    return true;
                }
            }
            return false;
        } else if (probe instanceof NotProbe not) {
            return !passes(not.part(), doc);
        }
        throw new IllegalArgumentException("not a probe on the learner's XML: " + probe);
    }

    /** Whether an object probe passes on this volume or network document. */
    static boolean passes(ObjectProbe probe, Document doc) throws XmlException {
        return Xml.test(Xml.compile(probe.expression(), CheckVariables.SAMPLE), doc);
    }
}
