package org.kvmlab.testing;

import org.kvmlab.catalog.LabStep;
import org.kvmlab.catalog.SolutionOperation;
import org.kvmlab.catalog.XmlEdit;
import org.kvmlab.xml.Xml;
import org.w3c.dom.Document;

/** Applies a step's reference XML edits to a domain XML, as a learner would in the editor. */
public final class Solutions {

    private Solutions() {
    }

    public static String edit(String xml, LabStep step) throws Exception {
        Document doc = Xml.parse(xml);
        for (SolutionOperation op : step.solution()) {
            if (op instanceof SolutionOperation.EditXml edit) {
                for (XmlEdit change : edit.edits()) {
                    change.applyTo(doc);
                }
            }
        }
        return Xml.toString(doc);
    }
}
