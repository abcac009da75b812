package org.kvmlab.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The parts of a domain XML that kvmlab owns: identity, boot files, emulator, disk sources, network,
 * guest-agent channel, confinement. A learner may leave them out (they are put back as they were) but may not
 * change or add them; the refusal names the element. After {@link #enforce} returns without violations, the
 * learner's document carries exactly the platform's owned parts.
 */
final class OwnedElements {

    /** Single elements that must stay exactly as the platform made them, with a word on why. */
    private static final Map<String, String> SINGLETONS = Map.ofEntries(
            Map.entry("/domain/name", "the guest's name maps your view to the platform's"),
            Map.entry("/domain/uuid", "the guest's identity is fixed"),
            Map.entry("/domain/metadata", "it records which lab session owns the guest"),
            Map.entry("/domain/os/kernel", "the lab's kernel is provided by the platform"),
            Map.entry("/domain/os/initrd", "the lab's initramfs is provided by the platform"),
            Map.entry("/domain/os/cmdline", "the kernel command line is provided by the platform"),
            Map.entry("/domain/os/loader", "firmware files live on the host"),
            Map.entry("/domain/os/nvram", "firmware variable stores live on the host"),
            Map.entry("/domain/features/tcg", "the emulator's translation cache is sized by the platform"),
            Map.entry("/domain/devices/emulator", "it names a program on the host"),
            Map.entry("/domain/seclabel", "it controls how QEMU is confined on the host"),
            Map.entry("/domain/resource", "it places the guest in the host's resource groups"));

    private static final String AGENT_CHANNEL =
            "/domain/devices/channel[target/@name='org.qemu.guest_agent.0']";

    private OwnedElements() {
    }

    /** Checks and restores owned parts in {@code learner}; returns what the learner may not do. */
    static List<PolicyViolation> enforce(Document learner, Document platform, Set<String> extraVolumes)
            throws XmlException {
        List<PolicyViolation> out = new ArrayList<>();
        domainType(learner, platform, out);
        for (var owned : SINGLETONS.entrySet()) {
            singleton(learner, platform, owned.getKey(), owned.getValue(), out);
        }
        diskSources(learner, platform, extraVolumes, out);
        interfaceNetworks(learner, platform, out);
        agentChannel(learner, platform, out);
        return out;
    }

    /**
     * The owned elements in a document, which the allowlist need not look into: they equal the platform's. Not the
     * agent channel: it is compared without the parts libvirt fills in (address, alias, a path-less source), so
     * the allowlist still checks what the learner wrote there.
     */
    static Set<Element> ownedIn(Document doc) throws XmlException {
        Set<Element> owned = new HashSet<>();
        for (String xpath : SINGLETONS.keySet()) {
            owned.addAll(Xml.select(doc, xpath));
        }
        return owned;
    }

    private static void domainType(Document learner, Document platform, List<PolicyViolation> out) {
        Element mine = learner.getDocumentElement();
        String wanted = platform.getDocumentElement().getAttribute("type");
        if (!mine.hasAttribute("type")) {
            mine.setAttribute("type", wanted);
        } else if (!mine.getAttribute("type").equals(wanted)) {
            out.add(PolicyViolation.at(mine, "domain/@type", "The domain type is chosen by kvmlab for this host ('"
                    + wanted + "'): put type='" + wanted + "' back."));
        }
    }

    private static void singleton(Document learner, Document platform, String xpath, String why,
                                  List<PolicyViolation> out) throws XmlException {
        List<Element> mine = Xml.select(learner, xpath);
        Element theirs = Xml.first(platform, xpath);
        String name = xpath.substring("/domain/".length());
        if (mine.size() > 1) {
            out.add(PolicyViolation.at(mine.get(1), name, "<" + name + "> appears more than once."));
        } else if (mine.isEmpty()) {
            if (theirs != null) {
                restore(learner, xpath, theirs);
            }
        } else if (theirs == null) {
            out.add(PolicyViolation.at(mine.get(0), name, "<" + name + "> is managed by kvmlab (" + why
                    + "); remove it."));
        } else if (staleExpiry(mine.get(0), theirs)) {
            // the session was extended after the learner loaded this XML: take kvmlab's current record
            mine.get(0).getParentNode().replaceChild(learner.importNode(theirs, true), mine.get(0));
        } else if (!Xml.sameTree(mine.get(0), theirs)) {
            out.add(PolicyViolation.at(mine.get(0), name, "<" + name + "> is managed by kvmlab (" + why
                    + ") and cannot be changed; put it back as it was."));
        }
    }

    /** True for kvmlab's metadata that differs from the platform's only in the session's expiry. */
    private static boolean staleExpiry(Element mine, Element theirs) {
        if (!"metadata".equals(mine.getLocalName()) || Xml.sameTree(mine, theirs)) {
            return false;
        }
        Element copy = (Element) mine.cloneNode(true);
        NodeList mineExpires = copy.getElementsByTagNameNS(GuestMetadata.NAMESPACE, "expires");
        NodeList theirExpires = theirs.getElementsByTagNameNS(GuestMetadata.NAMESPACE, "expires");
        if (mineExpires.getLength() != 1 || theirExpires.getLength() != 1) {
            return false;
        }
        mineExpires.item(0).setTextContent(theirExpires.item(0).getTextContent());
        return Xml.sameTree(copy, theirs);
    }

    /** Puts a copy of the platform's element back under the matching parent, creating parents as needed. */
    private static void restore(Document learner, String xpath, Element theirs) {
        String[] steps = xpath.substring("/domain/".length()).split("/");
        Element parent = learner.getDocumentElement();
        for (int i = 0; i < steps.length - 1; i++) {
            parent = Xml.ensureChild(parent, steps[i]);
        }
        parent.appendChild(learner.importNode(theirs, true));
    }

    private static void diskSources(Document learner, Document platform, Set<String> extraVolumes,
                                    List<PolicyViolation> out) throws XmlException {
        Set<String> allowed = new HashSet<>(extraVolumes);
        for (Element source : Xml.select(platform, "/domain/devices/disk/source")) {
            allowed.add(source.getAttribute("file"));
        }
        Set<String> used = new HashSet<>();
        for (Element disk : Xml.select(learner, "/domain/devices/disk")) {
            Element source = Xml.child(disk, "source");
            String file = source == null ? null : source.getAttribute("file");
            if (sources(disk) > 1) {
                out.add(PolicyViolation.at(disk, "devices/disk/source", "A disk has one <source>: remove the others."));
            } else if (file == null || file.isEmpty()) {
                out.add(PolicyViolation.at(disk, "devices/disk/source", "Each disk needs the <source> kvmlab gave it;"
                        + " put the disk's <source file=…/> line back."));
            } else if (!allowed.contains(file)) {
                out.add(PolicyViolation.at(source, "devices/disk/source/@file", "Disk sources are managed by kvmlab:"
                        + " a disk may only use this guest's own volumes or one you made with vol-create-as."));
            } else if (!used.add(file)) {
                out.add(PolicyViolation.at(source, "devices/disk/source/@file", "The same volume is attached twice."));
            }
        }
    }

    private static void interfaceNetworks(Document learner, Document platform, List<PolicyViolation> out)
            throws XmlException {
        Element first = Xml.first(platform, "/domain/devices/interface/source");
        String network = first == null ? null : first.getAttribute("network");
        for (Element nic : Xml.select(learner, "/domain/devices/interface")) {
            Element source = Xml.child(nic, "source");
            if (sources(nic) > 1) {
                out.add(PolicyViolation.at(nic, "devices/interface/source", "A network card has one <source>: remove"
                        + " the others."));
            } else if (network == null) {
                out.add(PolicyViolation.at(nic, "devices/interface", "This lab gives the guest no network card."));
            } else if (source == null) {
                Element added = Xml.element(learner, "source");
                added.setAttribute("network", network);
                nic.insertBefore(added, nic.getFirstChild());
            } else if (!network.equals(source.getAttribute("network"))) {
                out.add(PolicyViolation.at(source, "devices/interface/source/@network", "The network is managed by"
                        + " kvmlab: use network='" + network + "'."));
            }
        }
    }

    /** How many {@code <source>} children a device has: every one must be judged, not just the first. */
    private static long sources(Element device) {
        return Xml.children(device).stream().filter(c -> "source".equals(c.getLocalName())).count();
    }

    private static void agentChannel(Document learner, Document platform, List<PolicyViolation> out)
            throws XmlException {
        List<Element> mine = Xml.select(learner, "/domain/devices/channel");
        Element theirs = Xml.first(platform, AGENT_CHANNEL);
        if (mine.isEmpty() && theirs != null) {
            Xml.ensureChild(learner.getDocumentElement(), "devices").appendChild(learner.importNode(theirs, true));
            return;
        }
        if (mine.size() > 1) {
            out.add(PolicyViolation.at(mine.get(1), "devices/channel", "Only the guest agent channel is allowed."));
            return;
        }
        if (!mine.isEmpty() && theirs == null) {
            // a lab that has the learner connect the agent: only the standard channel, with no host path
            if (!sameChannel(mine.get(0), standardChannel(learner))) {
                out.add(PolicyViolation.at(mine.get(0), "devices/channel", "Add the guest agent channel exactly as"
                        + " <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>:"
                        + " libvirt then picks the socket path itself."));
            }
            return;
        }
        if (!mine.isEmpty() && !sameChannel(mine.get(0), theirs)) {
            out.add(PolicyViolation.at(mine.get(0), "devices/channel", "The guest agent channel is managed by kvmlab"
                    + " (grading talks to the guest through it); put it back as it was."));
        }
    }

    private static Element standardChannel(Document doc) {
        // namespace-aware attributes, like the parsed ones they are compared with
        Element channel = Xml.element(doc, "channel");
        channel.setAttributeNS(null, "type", "unix");
        Element target = Xml.element(doc, "target");
        target.setAttributeNS(null, "type", "virtio");
        target.setAttributeNS(null, "name", "org.qemu.guest_agent.0");
        channel.appendChild(target);
        return channel;
    }

    /** Compares a channel without its guest-side address and live state, which libvirt fills in. */
    private static boolean sameChannel(Element a, Element b) {
        return Xml.sameTree(stripped(a), stripped(b));
    }

    private static Node stripped(Element channel) {
        Element copy = (Element) channel.cloneNode(true);
        for (Element child : Xml.children(copy)) {
            boolean generatedSource = "source".equals(child.getLocalName()) && !child.hasAttribute("path")
                    && child.getAttribute("mode").matches("|bind");
            if ("address".equals(child.getLocalName()) || "alias".equals(child.getLocalName()) || generatedSource) {
                copy.removeChild(child);
            } else if ("target".equals(child.getLocalName())) {
                child.removeAttribute("state");
            }
        }
        return copy;
    }
}
