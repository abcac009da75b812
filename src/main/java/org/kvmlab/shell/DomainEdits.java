package org.kvmlab.shell;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The changes virsh's configuration commands make to a stored domain definition ({@code --config}), as edits
 * of the XML document. The result still goes through the domain policy like any edit in the editor; these
 * methods only refuse what virsh itself would refuse, with virsh's wording.
 */
final class DomainEdits {

    /** A host CPU list as virsh takes it: {@code 0}, {@code 0-1}, {@code 0,2-3}. */
    static final Pattern CPU_LIST = Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?){0,63}");
    static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    /** blkdeviotune's options, by the element of {@code <iotune>} each one sets. */
    static final Map<String, String> IOTUNE = orderedIotune();

    private DomainEdits() {
    }

    private static Map<String, String> orderedIotune() {
        var map = new java.util.LinkedHashMap<String, String>();
        for (String name : List.of("total-bytes-sec", "read-bytes-sec", "write-bytes-sec", "total-iops-sec",
                "read-iops-sec", "write-iops-sec")) {
            map.put(name, name.replace('-', '_'));
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The most vCPUs the definition allows ({@code <vcpu>}). */
    static int maxVcpus(Document doc) throws ShellException {
        return (int) number(element(doc, "/domain/vcpu"));
    }

    /** The vCPUs the guest boots with ({@code <vcpu current=…>}, else the maximum). */
    static int currentVcpus(Document doc) throws ShellException {
        Element vcpu = element(doc, "/domain/vcpu");
        return vcpu.hasAttribute("current") ? Integer.parseInt(vcpu.getAttribute("current")) : maxVcpus(doc);
    }

    static void setVcpus(Document doc, int count, boolean maximum) throws ShellException {
        if (count < 1) {
            throw new ShellException("Invalid number of virtual CPUs");
        }
        Element vcpu = element(doc, "/domain/vcpu");
        if (maximum) {
            vcpu.setTextContent(Integer.toString(count));
            if (vcpu.hasAttribute("current") && Integer.parseInt(vcpu.getAttribute("current")) >= count) {
                vcpu.removeAttribute("current");
            }
            return;
        }
        int max = maxVcpus(doc);
        if (count > max) {
            throw new ShellException("invalid argument: requested vcpus is greater than max allowable vcpus for the"
                    + " persistent domain: " + count + " > " + max);
        }
        if (count == max) {
            vcpu.removeAttribute("current");
        } else {
            vcpu.setAttribute("current", Integer.toString(count));
        }
    }

    /** Memory in KiB as the definition gives it, whatever its unit. */
    static long kib(Document doc, String xpath) throws ShellException {
        Element e = first(doc, xpath);
        if (e == null) {
            return 0;
        }
        long value = (long) number(e);
        return switch (e.getAttribute("unit")) {
            case "b", "bytes" -> value / 1024;
            case "M", "MiB" -> value * 1024;
            case "G", "GiB" -> value * 1024 * 1024;
            default -> value;
        };
    }

    static void setCurrentMemory(Document doc, long kib) throws ShellException {
        long max = kib(doc, "/domain/memory");
        if (kib > max) {
            throw new ShellException("invalid argument: cannot set memory higher than max memory");
        }
        setKib(Xml.ensureChild(doc.getDocumentElement(), "currentMemory"), kib);
    }

    static void setMaxMemory(Document doc, long kib) throws ShellException {
        setKib(element(doc, "/domain/memory"), kib);
        Element current = first(doc, "/domain/currentMemory");
        if (current != null && kib(doc, "/domain/currentMemory") > kib) {
            setKib(current, kib);
        }
    }

    private static void setKib(Element e, long kib) {
        e.setAttribute("unit", "KiB");
        e.setTextContent(Long.toString(kib));
    }

    static void pinVcpu(Document doc, int vcpu, String cpuList) throws ShellException {
        if (vcpu < 0 || vcpu >= maxVcpus(doc)) {
            throw new ShellException("invalid argument: vcpu " + vcpu + " is out of range of persistent cpu count "
                    + maxVcpus(doc));
        }
        Element cputune = Xml.ensureChild(doc.getDocumentElement(), "cputune");
        Element pin = first(cputune, "vcpupin[@vcpu='" + vcpu + "']");
        if (pin == null) {
            pin = Xml.element(doc, "vcpupin");
            pin.setAttribute("vcpu", Integer.toString(vcpu));
            cputune.insertBefore(pin, cputune.getFirstChild());
        }
        pin.setAttribute("cpuset", cpuList);
    }

    static void pinEmulator(Document doc, String cpuList) {
        Element cputune = Xml.ensureChild(doc.getDocumentElement(), "cputune");
        Xml.ensureChild(cputune, "emulatorpin").setAttribute("cpuset", cpuList);
    }

    /** The pinning of one vCPU in the definition, or null when it may run anywhere. */
    static String vcpuPin(Document doc, int vcpu) throws ShellException {
        Element pin = first(doc, "/domain/cputune/vcpupin[@vcpu='" + vcpu + "']");
        return pin == null ? null : pin.getAttribute("cpuset");
    }

    static String emulatorPin(Document doc) throws ShellException {
        Element pin = first(doc, "/domain/cputune/emulatorpin");
        return pin == null ? null : pin.getAttribute("cpuset");
    }

    static int iothreads(Document doc) throws ShellException {
        Element e = first(doc, "/domain/iothreads");
        return e == null ? 0 : (int) number(e);
    }

    static String iothreadPin(Document doc, int id) throws ShellException {
        Element pin = first(doc, "/domain/cputune/iothreadpin[@iothread='" + id + "']");
        return pin == null ? null : pin.getAttribute("cpuset");
    }

    /** Adds IOThread {@code id}; kvmlab numbers them 1..N without gaps, as {@code <iothreads>N</iothreads>} does. */
    static void addIothread(Document doc, int id) throws ShellException {
        int count = iothreads(doc);
        if (id >= 1 && id <= count) {
            throw new ShellException("invalid argument: an IOThread with id '" + id + "' is already defined");
        }
        if (id != count + 1) {
            throw new ShellException("invalid argument: kvmlab numbers IOThreads from 1 without gaps: the next one is "
                    + (count + 1));
        }
        Element iothreads = first(doc, "/domain/iothreads");
        if (iothreads == null) {
            iothreads = Xml.element(doc, "iothreads");
            Element vcpu = element(doc, "/domain/vcpu");
            vcpu.getParentNode().insertBefore(iothreads, vcpu.getNextSibling());
        }
        iothreads.setTextContent(Integer.toString(id));
    }

    /** The disk with this target ({@code vda}) or source path. */
    static Element disk(Document doc, String device) throws ShellException {
        Element disk = findDisk(doc, device);
        if (disk == null) {
            throw new ShellException("invalid argument: disk '" + device + "' not found in domain");
        }
        return disk;
    }

    /** Whether the definition has a disk with this target ({@code vda}) or source path. */
    static boolean hasDisk(Document doc, String device) throws ShellException {
        return findDisk(doc, device) != null;
    }

    private static Element findDisk(Document doc, String device) throws ShellException {
        for (Element disk : select(doc, "/domain/devices/disk")) {
            Element target = Xml.child(disk, "target");
            Element source = Xml.child(disk, "source");
            if ((target != null && device.equals(target.getAttribute("dev")))
                    || (source != null && device.equals(source.getAttribute("file")))) {
                return disk;
            }
        }
        return null;
    }

    /** The current I/O limits of a disk, 0 for none, in blkdeviotune's option order. */
    static Map<String, Long> iotune(Element disk) {
        var values = new java.util.LinkedHashMap<String, Long>();
        Element iotune = Xml.child(disk, "iotune");
        IOTUNE.forEach((option, element) -> {
            Element e = iotune == null ? null : Xml.child(iotune, element);
            values.put(element, e == null ? 0L : Long.parseLong(e.getTextContent().strip()));
        });
        return values;
    }

    /** Sets I/O limits of a disk, by element name ({@code total_bytes_sec}); 0 removes a limit, as in virsh. */
    static void setIotune(Element disk, Map<String, Long> values) {
        Element iotune = Xml.ensureChild(disk, "iotune");
        for (var entry : values.entrySet()) {
            String name = entry.getKey();
            Element e = Xml.child(iotune, name);
            if (entry.getValue() == 0) {
                if (e != null) {
                    iotune.removeChild(e);
                }
            } else {
                if (e == null) {
                    e = Xml.element(disk.getOwnerDocument(), name);
                    iotune.appendChild(e);
                }
                e.setTextContent(Long.toString(entry.getValue()));
            }
        }
        if (Xml.children(iotune).isEmpty()) {
            disk.removeChild(iotune);
        }
    }

    static void attachDisk(Document doc, String path, String format, String target, String bus, String cache)
            throws ShellException {
        for (Element t : select(doc, "/domain/devices/disk/target")) {
            if (target.equals(t.getAttribute("dev"))) {
                throw new ShellException("Failed to attach disk\nerror: operation failed: target " + target
                        + " already exists");
            }
        }
        Element disk = Xml.element(doc, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", "disk");
        Element driver = child(disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", format);
        if (cache != null) {
            driver.setAttribute("cache", cache);
        }
        child(disk, "source").setAttribute("file", path);
        Element t = child(disk, "target");
        t.setAttribute("dev", target);
        t.setAttribute("bus", bus);
        insertDevice(doc, disk, "disk");
    }

    static void detachDisk(Document doc, String target) throws ShellException {
        Element disk = disk(doc, target);
        disk.getParentNode().removeChild(disk);
    }

    static void attachInterface(Document doc, String model, String mac) throws ShellException {
        for (Element m : select(doc, "/domain/devices/interface/mac")) {
            if (mac != null && mac.equalsIgnoreCase(m.getAttribute("address"))) {
                throw new ShellException("Failed to attach interface\nerror: operation failed: a network interface"
                        + " with MAC " + mac + " already exists");
            }
        }
        Element nic = Xml.element(doc, "interface");
        nic.setAttribute("type", "network");
        if (mac != null) {
            child(nic, "mac").setAttribute("address", mac.toLowerCase(java.util.Locale.ROOT));
        }
        if (model != null) {
            child(nic, "model").setAttribute("type", model);
        }
        insertDevice(doc, nic, "interface");
    }

    static void detachInterface(Document doc, String mac) throws ShellException {
        List<Element> nics = select(doc, "/domain/devices/interface");
        if (mac != null) {
            nics = nics.stream().filter(n -> {
                Element m = Xml.child(n, "mac");
                return m != null && mac.equalsIgnoreCase(m.getAttribute("address"));
            }).toList();
        }
        if (nics.isEmpty()) {
            throw new ShellException("Failed to detach interface\nerror: No interface found whose type is network"
                    + (mac == null ? "" : " and MAC address is " + mac));
        }
        if (nics.size() > 1) {
            throw new ShellException("Failed to detach interface\nerror: Domain has " + nics.size()
                    + " interfaces. Please specify which one to detach using --mac");
        }
        nics.get(0).getParentNode().removeChild(nics.get(0));
    }

    /** Puts a new device after the last one of its kind, so the XML reads as libvirt orders it. */
    private static void insertDevice(Document doc, Element device, String kind) throws ShellException {
        Element devices = element(doc, "/domain/devices");
        List<Element> same = select(devices, kind);
        Node after = same.isEmpty() ? null : same.get(same.size() - 1).getNextSibling();
        devices.insertBefore(device, after);
    }

    private static Element child(Element parent, String name) {
        Element e = Xml.element(parent.getOwnerDocument(), name);
        parent.appendChild(e);
        return e;
    }

    private static Element element(Document doc, String xpath) throws ShellException {
        Element e = first(doc, xpath);
        if (e == null) {
            throw new ShellException("the domain definition has no " + xpath.substring(xpath.lastIndexOf('/') + 1));
        }
        return e;
    }

    private static Element first(Node context, String xpath) throws ShellException {
        try {
            return Xml.first(context, xpath);
        } catch (XmlException e) {
            throw new ShellException("kvmlab could not read the domain definition");
        }
    }

    private static List<Element> select(Node context, String xpath) throws ShellException {
        try {
            return Xml.select(context, xpath);
        } catch (XmlException e) {
            throw new ShellException("kvmlab could not read the domain definition");
        }
    }

    private static double number(Element e) throws ShellException {
        try {
            return Long.parseLong(e.getTextContent().strip());
        } catch (NumberFormatException ex) {
            throw new ShellException("the domain definition has a malformed <" + e.getTagName() + ">");
        }
    }
}
