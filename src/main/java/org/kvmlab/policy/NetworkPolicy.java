package org.kvmlab.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Judges the XML a learner writes for their session's own network. In order: foreign namespaces on the raw
 * input (dnsmasq options would run on the host), the parts kvmlab owns (name, uuid, bridge name: left out, they
 * are put back; changed, they are refused), the allowlist (no forwarding and no host address, so the network
 * stays isolated), and sane sizes. The same judgement runs again on libvirt's canonical form after a define.
 */
public final class NetworkPolicy {

    /** Owned single elements, with a word on why. */
    private static final List<String[]> OWNED = List.of(
            new String[] {"name", "the network's name maps your session to the platform's"},
            new String[] {"uuid", "the network's identity is fixed"});
    private static final int MIN_MTU = 576;
    private static final int MAX_MTU = 9000;
    private static final int MAX_PORTGROUPS = 8;

    private final Allowlist allowlist;

    NetworkPolicy(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    /**
     * Admits a learner's network XML against the network's current definition; returns the XML to define, with
     * kvmlab's owned parts in place.
     *
     * @throws XmlException  when it is malformed (with line and column)
     * @throws PolicyRefusal with every problem, each on its line
     */
    public String admit(String learnerXml, String currentXml) throws XmlException, PolicyRefusal {
        Document learner = Xml.parse(learnerXml);
        List<PolicyViolation> violations = judge(learner, DomainPolicy.parseTrusted(currentXml));
        if (!violations.isEmpty()) {
            throw new PolicyRefusal(violations);
        }
        return Xml.toString(learner);
    }

    /** Judges libvirt's canonical form of a network definition against the previous one. */
    public List<PolicyViolation> recheck(String canonicalXml, String previousXml) {
        try {
            return judge(Xml.parse(canonicalXml), DomainPolicy.parseTrusted(previousXml));
        } catch (XmlException e) {
            return List.of(new PolicyViolation("network", "libvirt returned XML kvmlab cannot read: "
                    + e.getMessage(), null, null));
        }
    }

    private List<PolicyViolation> judge(Document learner, Document platform) throws XmlException {
        Element root = learner.getDocumentElement();
        if (!"network".equals(root.getTagName()) || root.getNamespaceURI() != null) {
            return List.of(PolicyViolation.at(root, root.getTagName(), "A network XML starts with <network>."));
        }
        List<PolicyViolation> out = new ArrayList<>(Nesting.tooDeep(root));
        if (out.isEmpty()) {
            out.addAll(Namespaces.foreign(root, Set.of()));
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (String[] owned : OWNED) {
            owned(learner, platform, owned[0], owned[1], out);
        }
        bridgeName(learner, platform, out);
        out.addAll(allowlist.check(root, Set.of()));
        sizes(learner, out);
        return out;
    }

    private static void owned(Document learner, Document platform, String name, String why,
                              List<PolicyViolation> out) throws XmlException {
        List<Element> mine = Xml.select(learner, "/network/" + name);
        Element theirs = Xml.first(platform, "/network/" + name);
        if (mine.size() > 1) {
            out.add(PolicyViolation.at(mine.get(1), "network/" + name, "<" + name + "> appears more than once."));
        } else if (mine.isEmpty() && theirs != null) {
            Element root = learner.getDocumentElement();
            root.insertBefore(learner.importNode(theirs, true), root.getFirstChild());
        } else if (!mine.isEmpty() && (theirs == null
                || !mine.get(0).getTextContent().strip().equals(theirs.getTextContent().strip()))) {
            out.add(PolicyViolation.at(mine.get(0), "network/" + name, "<" + name + "> is managed by kvmlab (" + why
                    + ") and cannot be changed; put it back as it was."));
        }
    }

    /** The bridge's device name is the platform's; stp and delay are the learner's. */
    private static void bridgeName(Document learner, Document platform, List<PolicyViolation> out)
            throws XmlException {
        Element theirs = Xml.first(platform, "/network/bridge");
        String wanted = theirs == null ? "" : theirs.getAttribute("name");
        List<Element> bridges = Xml.select(learner, "/network/bridge");
        if (bridges.size() > 1) {
            out.add(PolicyViolation.at(bridges.get(1), "network/bridge", "<bridge> appears more than once."));
            return;
        }
        Element mine = bridges.isEmpty() ? null : bridges.get(0);
        if (mine == null) {
            mine = Xml.element(learner, "bridge");
            learner.getDocumentElement().appendChild(mine);
        }
        if (!mine.hasAttribute("name") && !wanted.isEmpty()) {
            mine.setAttribute("name", wanted);
        } else if (!mine.getAttribute("name").equals(wanted)) {
            out.add(PolicyViolation.at(mine, "network/bridge/@name", "The bridge device is managed by kvmlab: use"
                    + " name='" + wanted + "' or leave the name out."));
        }
    }

    private static void sizes(Document learner, List<PolicyViolation> out) throws XmlException {
        for (Element mtu : Xml.select(learner, "/network/mtu[@size]")) {
            String size = mtu.getAttribute("size");
            // every number the allowlist lets through (uint: up to 15 digits), not only the short ones
            if (size.matches("\\d{1,15}") && (Long.parseLong(size) < MIN_MTU || Long.parseLong(size) > MAX_MTU)) {
                out.add(PolicyViolation.at(mtu, "network/mtu/@size", "An MTU is between " + MIN_MTU + " and "
                        + MAX_MTU + " bytes."));
            }
        }
        List<Element> groups = Xml.select(learner, "/network/portgroup");
        if (groups.size() > MAX_PORTGROUPS) {
            out.add(PolicyViolation.at(groups.get(MAX_PORTGROUPS), "network/portgroup", "At most " + MAX_PORTGROUPS
                    + " port groups."));
        }
    }
}
