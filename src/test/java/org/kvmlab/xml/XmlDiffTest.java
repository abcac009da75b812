package org.kvmlab.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The diff the editor shows after Apply: changed lines marked, three lines of context, no file headers. */
class XmlDiffTest {

    private static final String BEFORE = """
            <domain>
              <name>web01</name>
              <devices>
                <disk type='file'>
                  <target dev='hda' bus='ide'/>
                </disk>
                <sound model='ich6'/>
              </devices>
            </domain>
            """;

    @Test
    void changedLinesAreMarkedWithTheirContext() {
        String after = BEFORE.replace("<target dev='hda' bus='ide'/>", "<target dev='vda' bus='virtio'/>")
                .replace("    <sound model='ich6'/>\n", "");
        List<String> diff = XmlDiff.unified(BEFORE, after);
        assertThat(diff.get(0)).startsWith("@@ ");
        assertThat(diff).contains("-      <target dev='hda' bus='ide'/>", "+      <target dev='vda' bus='virtio'/>",
                "-    <sound model='ich6'/>", "   <devices>");
        assertThat(diff).noneMatch(l -> l.startsWith("---") || l.startsWith("+++"));
    }

    @Test
    void nothingChangedIsAnEmptyDiff() {
        assertThat(XmlDiff.unified(BEFORE, BEFORE + "\n")).isEmpty();
    }
}
