package org.kvmlab.guest;

import java.util.List;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Turns a lab's starting domain XML (the parts a learner may change) into the definition kvmlab gives
 * libvirt, by adding what the platform owns: name, metadata, accelerator, boot files, disk sources, network,
 * guest-agent channel, a local-only console.
 */
public final class DomainBlueprint {

    /** Kernel command line of the lab guest: serial console, quiet boot. */
    static final String CMDLINE = "console=ttyS0 quiet";
    private static final String TB_CACHE_MIB = "32";
    private static final String AGENT_CHANNEL = "org.qemu.guest_agent.0";

    /** What the platform fills in. */
    public record Spec(String platformName, GuestMetadata metadata, Acceleration acceleration, GuestImage image,
                       List<String> diskPaths, String network, boolean agentChannel) {
        public Spec {
            diskPaths = List.copyOf(diskPaths);
        }
    }

    private DomainBlueprint() {
    }

    /** How many platform disks a lab's domain XML asks for. */
    public static int diskCount(String labDomainXml) throws XmlException {
        return Xml.select(Xml.parse(labDomainXml), "/domain/devices/disk[not(@device) or @device='disk']").size();
    }

    public static String build(String labDomainXml, Spec spec) throws XmlException {
        return Xml.toString(buildDocument(labDomainXml, spec));
    }

    /**
     * The platform's definition as a document in which every element from the lab's XML keeps its line and
     * column there (what the platform adds has none), so problems can be shown in the lab's own file.
     */
    public static Document buildDocument(String labDomainXml, Spec spec) throws XmlException {
        Document doc = Xml.parse(labDomainXml);
        Element domain = doc.getDocumentElement();
        domain.setAttribute("type", spec.acceleration().domainType());
        for (Element uuid : Xml.select(doc, "/domain/uuid")) {
            domain.removeChild(uuid);
        }
        Xml.ensureChild(domain, "name").setTextContent(spec.platformName());
        Element metadata = Xml.ensureChild(domain, "metadata");
        metadata.appendChild(spec.metadata().toElement(doc));

        Element os = Xml.ensureChild(domain, "os");
        Xml.ensureChild(os, "kernel").setTextContent(spec.image().kernel().toString());
        Xml.ensureChild(os, "initrd").setTextContent(spec.image().initrd().toString());
        Xml.ensureChild(os, "cmdline").setTextContent(CMDLINE);
        if (spec.acceleration() == Acceleration.TCG) {
            Element cache = Xml.ensureChild(Xml.ensureChild(Xml.ensureChild(domain, "features"), "tcg"), "tb-cache");
            cache.setAttribute("unit", "MiB");
            cache.setTextContent(TB_CACHE_MIB);
        }

        Element devices = Xml.ensureChild(domain, "devices");
        disks(doc, spec.diskPaths());
        for (Element nic : Xml.select(doc, "/domain/devices/interface")) {
            nic.setAttribute("type", "network");
            Xml.ensureChild(nic, "source").setAttribute("network", spec.network());
        }
        for (Element graphics : Xml.select(doc, "/domain/devices/graphics")) {
            graphics.setAttribute("autoport", "yes");
            graphics.setAttribute("listen", "127.0.0.1");
        }
        if (Xml.select(doc, "/domain/devices/serial").isEmpty()) {
            Element serial = Xml.element(doc, "serial");
            serial.setAttribute("type", "pty");
            devices.appendChild(serial);
        }
        if (spec.agentChannel()) {
            Element channel = Xml.element(doc, "channel");
            channel.setAttribute("type", "unix");
            Element target = Xml.element(doc, "target");
            target.setAttribute("type", "virtio");
            target.setAttribute("name", AGENT_CHANNEL);
            channel.appendChild(target);
            devices.appendChild(channel);
        }
        return doc;
    }

    private static void disks(Document doc, List<String> paths) throws XmlException {
        List<Element> disks = Xml.select(doc, "/domain/devices/disk[not(@device) or @device='disk']");
        if (disks.size() != paths.size()) {
            throw new IllegalArgumentException("the lab asks for " + disks.size() + " disks, got " + paths.size());
        }
        for (int i = 0; i < disks.size(); i++) {
            Element disk = disks.get(i);
            disk.setAttribute("type", "file");
            disk.setAttribute("device", "disk");
            Xml.ensureChild(disk, "source").setAttribute("file", paths.get(i));
        }
    }
}
