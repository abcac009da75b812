package org.kvmlab.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Safe parsing, positions, XPath helpers, serialisation and tree comparison. */
class XmlTest {

    // --- DTDs and entities are refused -------------------------------------------------------------------

    @Test
    void billionLaughsIsRefusedAtTheDoctype() {
        String lolz = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                  <!ENTITY lol "lol">
                  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
                ]>
                <lolz>&lol9;</lolz>
                """;

        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse(lolz));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("DOCTYPE is disallowed");
        assertThat(e.position()).isEqualTo(new Xml.Position(2, 10));
        assertThat(e.describe()).isEqualTo(e.getMessage() + " (line 2, column 10)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<domain>\n  <:lab>x</:lab>\n</domain>", "<domain>\n  <a :b='1'/>\n</domain>"})
    void aNameTheDomRefusesIsMalformedXmlWithItsPosition(String text) {
        // found by fuzzing the domain policy: the DOM's own exception used to escape the parser
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse(text));

        assertThat(e).isNotNull();
        assertThat(e.position()).isNotNull();
        assertThat(e.position().line()).isEqualTo(2);
    }

    @Test
    void externalEntityIsRefusedAndNothingIsRead() {
        String xxe = "<!DOCTYPE domain [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<domain><description>&x;</description></domain>";

        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse(xxe));

        assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("root:");
        assertThat(e.position().line()).isEqualTo(1);
    }

    @Test
    void externalParameterEntityIsRefused() {
        String xxe = "<?xml version='1.0'?>\n<!DOCTYPE d [<!ENTITY % p SYSTEM 'file:///etc/passwd'> %p;]>\n<d/>";

        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse(xxe));

        assertThat(e.getMessage()).contains("DOCTYPE");
        assertThat(e.position().line()).isEqualTo(2);
    }

    @Test
    void externalDtdReferenceIsRefused() {
        XmlException e = catchThrowableOfType(XmlException.class,
                () -> Xml.parse("<!DOCTYPE domain SYSTEM \"http://127.0.0.1:1/evil.dtd\"><domain/>"));

        assertThat(e.getMessage()).contains("DOCTYPE");
    }

    @Test
    void undeclaredEntityIsAnError() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse("<a>&passwd;</a>"));

        assertThat(e.getMessage()).contains("\"passwd\"");
        assertThat(e.position().line()).isEqualTo(1);
    }

    @Test
    void xincludeIsNotProcessed() throws Exception {
        Document doc = Xml.parse("<d xmlns:xi='http://www.w3.org/2001/XInclude'>"
                + "<xi:include href='file:///etc/passwd' parse='text'/></d>");

        Element include = Xml.children(doc.getDocumentElement()).get(0);
        assertThat(include.getNamespaceURI()).isEqualTo("http://www.w3.org/2001/XInclude");
        assertThat(include.getLocalName()).isEqualTo("include");
        assertThat(doc.getDocumentElement().getTextContent()).isEmpty();
    }

    @Test
    void predefinedAndCharacterEntitiesStillWork() throws Exception {
        Document doc = Xml.parse("<a>&lt;&amp;&gt;&#x2F;&#47;&quot;&apos;</a>");

        assertThat(doc.getDocumentElement().getTextContent()).isEqualTo("<&>//\"'");
    }

    // --- malformed input ---------------------------------------------------------------------------------

    @Test
    void mismatchedEndTagReportsLineAndColumn() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse("<a>\n  <b></c>\n</a>"));

        assertThat(e.getMessage()).contains("\"b\"").contains("</b>");
        assertThat(e.position()).isEqualTo(new Xml.Position(2, 8));
        assertThat(e.describe()).endsWith("(line 2, column 8)");
    }

    @Test
    void unclosedElementReportsWhereTheTextEnds() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse("<a>\n<b>\n</a>"));

        assertThat(e.position().line()).isEqualTo(3);
        assertThat(e.position().column()).isPositive();
    }

    @Test
    void contentAfterTheRootIsAnError() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse("<a/><b/>"));

        assertThat(e.position()).isEqualTo(new Xml.Position(1, 6));
    }

    @Test
    void unboundPrefixIsAnError() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse("<domain><q:x/></domain>"));

        assertThat(e.getMessage()).contains("\"q\"");
        assertThat(e.position().line()).isEqualTo(1);
    }

    @Test
    void duplicateAttributeIsAnError() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse("<a b='1' b='2'/>"));

        assertThat(e.getMessage()).contains("\"b\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t\n"})
    void emptyInputIsAnErrorWithoutPosition(String text) {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse(text));

        assertThat(e.getMessage()).isEqualTo("The XML is empty.");
        assertThat(e.position()).isNull();
        assertThat(e.describe()).isEqualTo("The XML is empty.");
    }

    @Test
    void nullInputIsAnError() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse(null));

        assertThat(e.getMessage()).isEqualTo("The XML is empty.");
    }

    // --- processing instructions -------------------------------------------------------------------------

    @Test
    void processingInstructionBeforeTheRootIsRefused() {
        XmlException e = catchThrowableOfType(XmlException.class,
                () -> Xml.parse("<?xml-stylesheet href='x.xsl'?>\n<a/>"));

        assertThat(e.getMessage()).isEqualTo("Processing instructions (<?xml-stylesheet …?>) are not allowed.");
        assertThat(e.position().line()).isEqualTo(1);
    }

    @Test
    void processingInstructionInsideIsRefusedWithItsLine() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.parse("<a>\n  <?php system('id'); ?>\n</a>"));

        assertThat(e.getMessage()).contains("<?php");
        assertThat(e.position().line()).isEqualTo(2);
    }

    @Test
    void xmlDeclarationAndCommentsAreFine() throws Exception {
        Document doc = Xml.parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<a><!-- inside --><b/></a>");

        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("a");
        assertThat(Xml.toString(doc)).isEqualTo("<a>\n  <b/>\n</a>\n");
    }

    // --- positions ---------------------------------------------------------------------------------------

    @Test
    void everyParsedElementRemembersWhereItsStartTagIs() throws Exception {
        Document doc = Xml.parse("<domain>\n  <name>x</name>\n\n    <devices>\n      <disk type='file'/>\n    </devices>\n</domain>");

        // the column is the one just after the start tag's '>'
        assertThat(Xml.positionOf(doc.getDocumentElement())).isEqualTo(new Xml.Position(1, 9));
        assertThat(Xml.positionOf(Xml.first(doc, "/domain/name"))).isEqualTo(new Xml.Position(2, 9));
        assertThat(Xml.positionOf(Xml.first(doc, "/domain/devices"))).isEqualTo(new Xml.Position(4, 14));
        assertThat(Xml.positionOf(Xml.first(doc, "/domain/devices/disk"))).isEqualTo(new Xml.Position(5, 26));
        assertThat(Xml.positionOf(Xml.first(doc, "/domain/devices/disk")).toString()).isEqualTo("line 5, column 26");
    }

    @Test
    void elementsMadeInCodeHaveNoPosition() throws Exception {
        Document doc = Xml.parse("<a/>");
        Element made = Xml.ensureChild(doc.getDocumentElement(), "b");

        assertThat(Xml.positionOf(made)).isNull();
        assertThat(Xml.positionOf(Xml.newDocument().createElement("c"))).isNull();
    }

    @Test
    void importedCopiesCarryNoPosition() throws Exception {
        Document doc = Xml.parse("<a>\n<b/></a>");
        Element b = Xml.first(doc, "/a/b");

        // user data is not copied by importNode: elements the policy restores point nowhere in the learner's text
        assertThat(Xml.positionOf(b)).isEqualTo(new Xml.Position(2, 5));
        assertThat(Xml.positionOf(doc.importNode(b, true))).isNull();
    }

    // --- serialisation and namespaces --------------------------------------------------------------------

    @Test
    void namespacesArePreservedThroughParseAndToString() throws Exception {
        String text = "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
                + "<metadata><k:guest xmlns:k='https://kvmlab.org/xmlns/guest/1' k:v='1'><k:lab>x</k:lab></k:guest>"
                + "</metadata><qemu:commandline><qemu:arg value='-S'/></qemu:commandline>"
                + "<d xmlns='urn:default'><e/></d></domain>";
        Document doc = Xml.parse(text);

        String out = Xml.toString(doc);
        Document again = Xml.parse(out);

        assertThat(Xml.sameTree(doc, again)).isTrue();
        Element guest = Xml.first(again, "/domain/metadata/*");
        assertThat(guest.getNamespaceURI()).isEqualTo("https://kvmlab.org/xmlns/guest/1");
        assertThat(guest.getPrefix()).isEqualTo("k");
        assertThat(guest.getAttributeNS("https://kvmlab.org/xmlns/guest/1", "v")).isEqualTo("1");
        assertThat(Xml.children(guest).get(0).getNamespaceURI()).isEqualTo("https://kvmlab.org/xmlns/guest/1");
        Element commandline = Xml.children(again.getDocumentElement()).get(1);
        assertThat(commandline.getNamespaceURI()).isEqualTo("http://libvirt.org/schemas/domain/qemu/1.0");
        assertThat(commandline.getLocalName()).isEqualTo("commandline");
        Element e = Xml.children(Xml.children(again.getDocumentElement()).get(2)).get(0);
        assertThat(e.getNamespaceURI()).isEqualTo("urn:default");
        assertThat(out).contains("xmlns:qemu=\"http://libvirt.org/schemas/domain/qemu/1.0\"")
                .contains("xmlns:k=\"https://kvmlab.org/xmlns/guest/1\"");
        // and serialising twice gives the same text
        assertThat(Xml.toString(again)).isEqualTo(out);
    }

    @Test
    void toStringIndentsByTwoSpacesWithoutDeclaration() throws Exception {
        Document doc = Xml.parse("<a>   <b x='1'>  <c>t</c></b>\n\n<d>  keep  </d></a>");

        assertThat(Xml.toString(doc)).isEqualTo("<a>\n  <b x=\"1\">\n    <c>t</c>\n  </b>\n  <d>  keep  </d>\n</a>\n");
    }

    @Test
    void toStringOfAnElementSerialisesOnlyThatElementAndLeavesTheDocumentAlone() throws Exception {
        Document doc = Xml.parse("<a>\n  <b>\n    <c/>\n  </b>\n</a>");
        Element b = Xml.first(doc, "/a/b");

        assertThat(Xml.toString(b)).isEqualTo("<b>\n  <c/>\n</b>\n");
        assertThat(b.getChildNodes().getLength()).as("whitespace of the original is untouched").isEqualTo(3);
    }

    @Test
    void specialCharactersAreEscaped() throws Exception {
        Document doc = Xml.parse("<a t='&quot;&lt;'>&lt;script&gt; &amp;</a>");

        String out = Xml.toString(doc);

        assertThat(Xml.parse(out).getDocumentElement().getTextContent()).isEqualTo("<script> &");
        assertThat(Xml.parse(out).getDocumentElement().getAttribute("t")).isEqualTo("\"<");
        assertThat(out).doesNotContain("<script>");
    }

    // --- sameTree ----------------------------------------------------------------------------------------

    @Test
    void sameTreeIgnoresWhitespaceBetweenElementsAndAttributeOrder() throws Exception {
        Document a = Xml.parse("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><target dev='vda'/></disk>");
        Document b = Xml.parse("<disk device='disk'   type='file'>\n  <driver type='qcow2' name='qemu' />\n\n"
                + "  <target dev=\"vda\"></target>\n</disk>");

        assertThat(Xml.sameTree(a, b)).isTrue();
        assertThat(Xml.sameTree(a.getDocumentElement(), b.getDocumentElement())).isTrue();
    }

    @Test
    void sameTreeSeesDifferentValuesTextAndStructure() throws Exception {
        Document base = Xml.parse("<disk type='file'><driver type='qcow2'/><target dev='vda'/>x</disk>");

        assertThat(Xml.sameTree(base, Xml.parse("<disk type='block'><driver type='qcow2'/><target dev='vda'/>x</disk>")))
                .as("attribute value").isFalse();
        assertThat(Xml.sameTree(base, Xml.parse("<disk type='file'><driver type='qcow2'/><target dev='vda'/>y</disk>")))
                .as("text").isFalse();
        assertThat(Xml.sameTree(base, Xml.parse("<disk type='file'><target dev='vda'/><driver type='qcow2'/>x</disk>")))
                .as("element order").isFalse();
        assertThat(Xml.sameTree(base, Xml.parse("<disk type='file' x='1'><driver type='qcow2'/><target dev='vda'/>x</disk>")))
                .as("extra attribute").isFalse();
        assertThat(Xml.sameTree(base, Xml.parse("<disk type='file'><driver type='qcow2'/>x</disk>")))
                .as("missing child").isFalse();
        assertThat(Xml.sameTree(Xml.parse("<n>web01</n>"), Xml.parse("<n> web01 </n>")))
                .as("whitespace inside text is significant").isFalse();
        assertThat(Xml.sameTree(Xml.parse("<a xmlns='urn:x'/>"), Xml.parse("<a/>"))).as("namespace").isFalse();
    }

    @Test
    void sameTreeHandlesNullAndDoesNotChangeItsArguments() throws Exception {
        Document a = Xml.parse("<a>\n  <b/>\n</a>");

        assertThat(Xml.sameTree(null, null)).isTrue();
        assertThat(Xml.sameTree(a, null)).isFalse();
        assertThat(Xml.sameTree(null, a)).isFalse();
        assertThat(Xml.sameTree(a, Xml.parse("<a><b/></a>"))).isTrue();
        assertThat(a.getDocumentElement().getChildNodes().getLength()).isEqualTo(3);
    }

    // --- XPath helpers -----------------------------------------------------------------------------------

    @Test
    void compileRejectsBadXPathWithTheExpressionInTheMessage() {
        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.compile("count(/domain/devices"));

        assertThat(e.getMessage()).startsWith("Invalid XPath 'count(/domain/devices':");
        assertThat(e.position()).isNull();
    }

    @Test
    void testUsesXPathBooleanConversion() throws Exception {
        Document doc = Xml.parse("<domain><devices><disk><target bus='virtio'/></disk></devices></domain>");

        assertThat(Xml.test(Xml.compile("count(/domain/devices/disk[target/@bus!='virtio'])=0"), doc)).isTrue();
        assertThat(Xml.test(Xml.compile("/domain/devices/disk"), doc)).as("non-empty node-set").isTrue();
        assertThat(Xml.test(Xml.compile("/domain/devices/sound"), doc)).as("empty node-set").isFalse();
        assertThat(Xml.test(Xml.compile("count(/domain/devices/disk)"), doc)).as("non-zero number").isTrue();
        assertThat(Xml.test(Xml.compile("string(/domain/devices/sound/@model)"), doc)).as("empty string").isFalse();
        assertThat(Xml.test(Xml.compile("devices/disk"), doc.getDocumentElement())).as("relative to context").isTrue();
    }

    @Test
    void selectReturnsOnlyElementsInDocumentOrder() throws Exception {
        Document doc = Xml.parse("<a x='1'><b/>text<c/><b/></a>");

        List<Element> found = Xml.select(doc, "/a/@x | /a/node()");

        assertThat(found).extracting(Element::getTagName).containsExactly("b", "c", "b");
        assertThat(Xml.select(doc, "/a/nothing")).isEmpty();
    }

    @Test
    void selectRefusesExpressionsThatAreNotNodeSets() throws Exception {
        Document doc = Xml.parse("<a/>");

        XmlException e = catchThrowableOfType(XmlException.class, () -> Xml.select(doc, "count(/a)"));

        assertThat(e.getMessage()).startsWith("XPath 'count(/a)' does not select elements");
    }

    @Test
    void firstIsNullWhenNothingMatches() throws Exception {
        Document doc = Xml.parse("<a><b n='1'/><b n='2'/></a>");

        assertThat(Xml.first(doc, "/a/b").getAttribute("n")).isEqualTo("1");
        assertThat(Xml.first(doc, "/a/c")).isNull();
    }

    @Test
    void childrenChildAndEnsureChild() throws Exception {
        Document doc = Xml.parse("<a xmlns:x='urn:x'>t<x:b/><b id='1'/><c/><b id='2'/></a>");
        Element a = doc.getDocumentElement();

        assertThat(Xml.children(a)).extracting(Element::getTagName).containsExactly("x:b", "b", "c", "b");
        assertThat(Xml.child(a, "b").getAttribute("id")).as("first b without namespace").isEqualTo("1");
        assertThat(Xml.child(a, "d")).isNull();
        assertThat(Xml.ensureChild(a, "c")).isSameAs(Xml.child(a, "c"));

        Element d = Xml.ensureChild(a, "d");
        assertThat(Xml.children(a)).last().isSameAs(d);
        assertThat(d.getTagName()).isEqualTo("d");
    }

    @Test
    void pathOfUsesLocalNamesFromTheRoot() throws Exception {
        Document doc = Xml.parse("<domain xmlns:q='urn:q'><devices><disk><source/></disk></devices><q:x/></domain>");

        assertThat(Xml.pathOf(Xml.first(doc, "/domain/devices/disk/source"))).isEqualTo("domain/devices/disk/source");
        assertThat(Xml.pathOf(doc.getDocumentElement())).isEqualTo("domain");
        assertThat(Xml.pathOf(Xml.children(doc.getDocumentElement()).get(1))).isEqualTo("domain/x");
    }

    @Test
    void stripWhitespaceKeepsTextOnlyContent() throws Exception {
        Document doc = Xml.parse("<a>\n  <b>  </b>\n  <c>x</c>\n</a>");

        Xml.stripWhitespace(doc.getDocumentElement());

        assertThat(doc.getDocumentElement().getChildNodes().getLength()).isEqualTo(2);
        assertThat(Xml.first(doc, "/a/b").getTextContent()).isEqualTo("  ");
    }
}
