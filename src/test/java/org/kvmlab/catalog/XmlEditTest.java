package org.kvmlab.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmlab.catalog.LabCheck.XPathProbe;
import org.kvmlab.policy.DomainPolicy;
import org.kvmlab.policy.GuestLimits;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** XmlEdit on small documents, and the virtio-devices reference solution on a real libvirt dump. */
class XmlEditTest {

    static final String CANONICAL = resource("/policy/web01-canonical.xml");
    static final String SMALL = """
            <domain type='qemu'>
              <on_crash>destroy</on_crash>
              <devices>
                <disk type='file' device='disk'>
                  <source file='/a.qcow2'/>
                  <target dev='hda' bus='ide'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/b.qcow2'/>
                  <target dev='hdb' bus='ide'/>
                </disk>
                <sound model='ich6'/>
                <input type='tablet' bus='usb'/>
                <input type='mouse' bus='ps2'/>
              </devices>
            </domain>
            """;

    static Lab lab;
    Document doc;

    @BeforeAll
    static void loadLab() throws LabException {
        lab = new LabLoader(LabLoaderTest.GUIDES).load(LabLoaderTest.REAL_LAB);
    }

    @BeforeEach
    void parse() throws XmlException {
        doc = Xml.parse(SMALL);
    }

    // --- the three edits ---------------------------------------------------------------------------------

    @Test
    void setChangesAnAttributeOfEverySelectedElement() throws Exception {
        new XmlEdit.Set("/domain/devices/disk/target", "bus", "virtio").applyTo(doc);

        assertThat(Xml.select(doc, "/domain/devices/disk/target")).hasSize(2)
                .allSatisfy(t -> assertThat(t.getAttribute("bus")).isEqualTo("virtio"));
        assertThat(Xml.first(doc, "/domain/devices/disk/target").getAttribute("dev")).isEqualTo("hda");
    }

    @Test
    void setAddsAMissingAttribute() throws Exception {
        new XmlEdit.Set("/domain/devices/sound", "id", "7").applyTo(doc);

        assertThat(Xml.first(doc, "/domain/devices/sound").getAttribute("id")).isEqualTo("7");
    }

    @Test
    void setWithoutAttributeReplacesTheText() throws Exception {
        new XmlEdit.Set("/domain/on_crash", null, "restart").applyTo(doc);

        assertThat(Xml.first(doc, "/domain/on_crash").getTextContent()).isEqualTo("restart");
        assertThat(Xml.first(doc, "/domain/on_crash").hasAttributes()).isFalse();
    }

    @Test
    void setCreatesAMissingLastChildUnderEachParent() throws Exception {
        new XmlEdit.Set("/domain/devices/disk[@device='disk']/driver", "type", "qcow2").applyTo(doc);

        List<Element> disks = Xml.select(doc, "/domain/devices/disk");
        assertThat(disks).hasSize(2).allSatisfy(disk -> {
            List<Element> children = Xml.children(disk);
            Element last = children.get(children.size() - 1);
            assertThat(last.getTagName()).isEqualTo("driver");
            assertThat(last.getAttribute("type")).isEqualTo("qcow2");
            assertThat(children).filteredOn(c -> c.getTagName().equals("driver")).hasSize(1);
        });
        // the created element is found by XPath and survives serialisation
        assertThat(Xml.select(doc, "/domain/devices/disk/driver[@type='qcow2']")).hasSize(2);
        Document reparsed = Xml.parse(Xml.toString(doc));
        assertThat(Xml.select(reparsed, "/domain/devices/disk/driver[@type='qcow2']")).hasSize(2);
    }

    @Test
    void setOnAnExistingChildDoesNotCreateASecondOne() throws Exception {
        new XmlEdit.Set("/domain/devices/disk/driver", "type", "qcow2").applyTo(doc);
        new XmlEdit.Set("/domain/devices/disk/driver", "cache", "none").applyTo(doc);

        assertThat(Xml.select(doc, "/domain/devices/disk/driver")).hasSize(2)
                .allSatisfy(d -> {
                    assertThat(d.getAttribute("type")).isEqualTo("qcow2");
                    assertThat(d.getAttribute("cache")).isEqualTo("none");
                });
    }

    @Test
    void setCreatesTextChildToo() throws Exception {
        new XmlEdit.Set("/domain/on_reboot", null, "restart").applyTo(doc);

        assertThat(Xml.first(doc, "/domain/on_reboot").getTextContent()).isEqualTo("restart");
    }

    @Test
    void removeDeletesEverySelectedElement() throws Exception {
        new XmlEdit.Remove("/domain/devices/input").applyTo(doc);
        new XmlEdit.Remove("/domain/devices/sound").applyTo(doc);

        assertThat(Xml.select(doc, "/domain/devices/input")).isEmpty();
        assertThat(Xml.select(doc, "/domain/devices/sound")).isEmpty();
        assertThat(Xml.select(doc, "/domain/devices/disk")).hasSize(2);
    }

    @Test
    void removeWithAPredicateKeepsTheOthers() throws Exception {
        new XmlEdit.Remove("/domain/devices/input[@type='tablet']").applyTo(doc);

        assertThat(Xml.select(doc, "/domain/devices/input")).singleElement()
                .satisfies(i -> assertThat(i.getAttribute("type")).isEqualTo("mouse"));
    }

    @Test
    void addAppendsTheFragmentAsLastChild() throws Exception {
        new XmlEdit.Add("/domain/devices",
                "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>").applyTo(doc);

        List<Element> children = Xml.children(Xml.first(doc, "/domain/devices"));
        Element last = children.get(children.size() - 1);
        assertThat(last.getTagName()).isEqualTo("rng");
        assertThat(Xml.first(last, "backend").getTextContent()).isEqualTo("/dev/urandom");
        assertThat(last.getOwnerDocument()).isSameAs(doc);
    }

    @Test
    void addPutsACopyUnderEverySelectedElement() throws Exception {
        new XmlEdit.Add("/domain/devices/disk", "<boot order='1'/>").applyTo(doc);

        assertThat(Xml.select(doc, "/domain/devices/disk/boot[@order='1']")).hasSize(2);
        Element first = Xml.first(doc, "/domain/devices/disk[1]/boot");
        Element second = Xml.first(doc, "/domain/devices/disk[2]/boot");
        assertThat(first).isNotSameAs(second);
    }

    @Test
    void addRefusesMalformedAndDoctypeFragments() throws Exception {
        XmlException malformed = catchThrowableOfType(XmlException.class,
                () -> new XmlEdit.Add("/domain/devices", "<rng model='virtio'>").applyTo(doc));
        assertThat(malformed).isNotNull();

        XmlException doctype = catchThrowableOfType(XmlException.class, () -> new XmlEdit.Add("/domain/devices",
                "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>").applyTo(doc));
        assertThat(doctype.getMessage()).contains("DOCTYPE");
        assertThat(Xml.select(doc, "/domain/devices/x")).isEmpty();
    }

    // --- edits that select nothing -----------------------------------------------------------------------

    @Test
    void removeThatSelectsNothingFailsNamingItsXPath() {
        XmlException e = catchThrowableOfType(XmlException.class,
                () -> new XmlEdit.Remove("/domain/devices/hostdev").applyTo(doc));

        assertThat(e.getMessage()).isEqualTo("The edit's XPath '/domain/devices/hostdev' selects nothing");
    }

    @Test
    void addThatSelectsNothingFailsNamingItsXPath() {
        XmlException e = catchThrowableOfType(XmlException.class,
                () -> new XmlEdit.Add("/domain/devices/disk[@device='cdrom']", "<readonly/>").applyTo(doc));

        assertThat(e.getMessage()).contains("'/domain/devices/disk[@device='cdrom']'").contains("selects nothing");
    }

    @Test
    void setThatSelectsNothingFailsNamingItsXPath() {
        XmlException e = catchThrowableOfType(XmlException.class,
                () -> new XmlEdit.Set("/domain/devices/input[@type='joystick']", "bus", "usb").applyTo(doc));

        assertThat(e.getMessage()).contains("'/domain/devices/input[@type='joystick']'").contains("selects nothing");
    }

    @Test
    void setWhoseParentSelectsNothingFailsAndCreatesNothing() throws Exception {
        String before = Xml.toString(doc);

        XmlException e = catchThrowableOfType(XmlException.class,
                () -> new XmlEdit.Set("/domain/devices/hostdev/driver", "name", "vfio").applyTo(doc));

        assertThat(e.getMessage()).isEqualTo("The edit's XPath '/domain/devices/hostdev/driver' selects nothing");
        assertThat(Xml.toString(doc)).isEqualTo(before);
    }

    @Test
    void invalidXPathInAnEditFails() {
        XmlException e = catchThrowableOfType(XmlException.class,
                () -> new XmlEdit.Remove("/domain/devices/[").applyTo(doc));

        assertThat(e.getMessage()).contains("/domain/devices/[");
    }

    // --- the real lab's reference solution on libvirt's canonical XML ------------------------------------

    @Test
    void eachStepSolutionTurnsItsXPathChecksFromFalseToTrue() throws Exception {
        for (LabStep step : lab.steps()) {
            Document canonical = Xml.parse(CANONICAL);
            List<XPathProbe> probes = xpathProbes(step);
            assertThat(probes).as(step.id()).isNotEmpty();
            for (XPathProbe probe : probes) {
                assertThat(Xml.test(Xml.compile(probe.expression()), canonical))
                        .as("%s before the solution: %s", step.id(), probe.expression()).isFalse();
            }

            applySolution(step, canonical);

            for (XPathProbe probe : probes) {
                assertThat(Xml.test(Xml.compile(probe.expression()), canonical))
                        .as("%s after the solution: %s", step.id(), probe.expression()).isTrue();
            }
        }
    }

    @Test
    void wholeSolutionPassesEveryXPathCheckAndThePolicy() throws Exception {
        Document solved = Xml.parse(CANONICAL);
        for (LabStep step : lab.steps()) {
            applySolution(step, solved);
        }
        assertThat(Xml.first(solved, "/domain/devices/disk/address")).isNull();
        assertThat(Xml.first(solved, "/domain/devices/disk/target").getAttribute("dev")).isEqualTo("vda");

        LabGuest guest = lab.guest("web01").orElseThrow();
        String admitted = DomainPolicy.standard().admit(Xml.toString(solved), CANONICAL,
                new GuestLimits(guest.maxMemoryMiB(), guest.maxVcpus()));

        Document defined = Xml.parse(admitted);
        for (LabStep step : lab.steps()) {
            for (XPathProbe probe : xpathProbes(step)) {
                assertThat(Xml.test(Xml.compile(probe.expression()), defined)).as(probe.expression()).isTrue();
            }
        }
    }

    @Test
    void solutionsAreOnlyEditsOfTheLabGuestAndRestarts() {
        for (LabStep step : lab.steps()) {
            assertThat(step.solution()).as(step.id()).allSatisfy(op -> {
                assertThat(op.guest()).isEqualTo("web01");
                if (op instanceof SolutionOperation.Power power) {
                    assertThat(power.action()).isEqualTo("restart");
                }
            });
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------

    static List<XPathProbe> xpathProbes(LabStep step) {
        return step.checks().stream().map(LabCheck::probe).filter(p -> p instanceof XPathProbe)
                .map(p -> (XPathProbe) p).toList();
    }

    static void applySolution(LabStep step, Document doc) throws XmlException {
        for (SolutionOperation op : step.solution()) {
            if (op instanceof SolutionOperation.EditXml edit) {
                for (XmlEdit change : edit.edits()) {
                    change.applyTo(doc);
                }
            }
        }
    }

    static String resource(String name) {
        try (InputStream in = XmlEditTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
