package org.kvmlab.catalog;

import java.util.List;
import java.util.Map;

/**
 * The shape of {@code lab.yaml} as written by authors; {@link LabLoader} validates it and turns it into a
 * {@link Lab}. Plain fields rather than records on purpose: Jackson then reports an unknown (misspelt) field
 * at the line where it is, instead of at the end of the enclosing object. Required fields are checked by the
 * loader, which can say which one is missing and where.
 */
final class LabFile {
    public String id;
    public String title;
    public String summary;
    public String difficulty;
    public Integer minutes;
    public List<String> objectives;
    public List<String> tags;
    public List<GuestEntry> guests;
    public List<StepEntry> steps;

    static final class GuestEntry {
        public String name;
        public String domain;
        public Limits limits;
    }

    static final class Limits {
        public Integer memoryMiB;
        public Integer vcpus;
    }

    static final class StepEntry {
        public String id;
        public String title;
        public String text;
        public List<String> hints;
        public List<CheckEntry> checks;
        public List<OperationEntry> solution;
    }

    static final class CheckEntry {
        public String id;
        public String title;
        public String guest;
        public Integer points;
        public String failure;
        public String guide;
        public String xpath;
        public Boolean live;
        public String state;
        public AgentExecEntry agent;
    }

    static final class AgentExecEntry {
        public List<String> command;
        public Integer exitCode;
        public String output;
    }

    static final class OperationEntry {
        public EditEntry xml;
        public PowerEntry power;
    }

    static final class EditEntry {
        public String guest;
        public List<Map<String, String>> set;
        public List<String> remove;
        public List<Map<String, String>> add;
    }

    static final class PowerEntry {
        public String guest;
        public String action;
    }
}
