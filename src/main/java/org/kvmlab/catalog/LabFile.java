package org.kvmlab.catalog;

import java.util.List;
import java.util.Map;

/**
 * The shape of {@code lab.yaml} (format 1) as written by authors; the JSON Schema in
 * {@code labs/lab.schema.json} describes the same shape for editors, and {@link LabLoader} validates it and
 * turns it into a {@link Lab}. Plain public fields rather than records on purpose: Jackson then reports an
 * unknown (misspelt) field at the line where it is. Required fields are checked by the loader, which can say
 * which one is missing and where.
 */
final class LabFile {
    public Integer format;
    public String id;
    public String title;
    public String summary;
    public String difficulty;
    public Integer minutes;
    public List<String> objectives;
    public List<String> tags;
    public String coming;
    public Integer revealCost;
    public WorkspaceEntry workspace;
    public PolicyEntry policy;
    public List<GuestEntry> guests;
    public List<StepEntry> steps;

    static final class GuestEntry {
        public String name;
        public String domain;
        public String image;
        public String agentChannel;
        public Limits limits;
    }

    static final class WorkspaceEntry {
        public Boolean continuousChecking;
        public Boolean keepAlive;
        public Integer maxMinutes;
        public Boolean requiresKvm;
    }

    static final class PolicyEntry {
        public List<String> grant;
        public List<String> deny;
        public List<String> denyCommands;
        public PolicyLimits limits;
    }

    static final class PolicyLimits {
        public Integer snapshots;
        public Integer volumes;
        public Integer volumeGiB;
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

    /** What a check looks at: exactly one of these fields is set (composites nest probes). */
    static class ProbeEntry {
        public String xpath;
        public Boolean live;
        public Boolean secure;
        public CountEntry count;
        public CompareEntry compare;
        public String state;
        public Boolean autostart;
        public SnapshotEntry snapshot;
        public ObjectEntry volume;
        public ObjectEntry pool;
        public ObjectEntry network;
        public AgentExecEntry agent;
        public AgentInfoEntry agentInfo;
        public StatsEntry stats;
        public List<ProbeEntry> all;
        public List<ProbeEntry> any;
        public ProbeEntry not;
    }

    static final class CheckEntry extends ProbeEntry {
        public String id;
        public String title;
        public String guest;
        public Integer points;
        public List<Integer> practices;
        public String failure;
        public String guide;
        public Boolean passesAtStart;
        public String reason;
    }

    static final class CountEntry {
        public String xpath;
        public Integer min;
        public Integer max;
        public Boolean live;
    }

    static final class CompareEntry {
        public String value;
        public String op;
        public String to;
        public Boolean live;
    }

    static final class SnapshotEntry {
        public String name;
        public Integer min;
        public Integer max;
        public String kind;
        public Boolean current;
    }

    static final class ObjectEntry {
        public String xpath;
        public String disk;
    }

    static final class AgentExecEntry {
        public List<String> command;
        public Integer exitCode;
        public String output;
    }

    static final class AgentInfoEntry {
        public String command;
        public String output;
    }

    static final class StatsEntry {
        public String field;
        public Long min;
    }

    static final class OperationEntry {
        public EditEntry xml;
        public PowerEntry power;
        public GuestCommandEntry agent;
        public SnapshotOperationEntry snapshot;
        public AutostartOperationEntry autostart;
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

    static final class GuestCommandEntry {
        public String guest;
        public List<String> command;
    }

    static final class SnapshotOperationEntry {
        public String guest;
        public String name;
        public String description;
    }

    static final class AutostartOperationEntry {
        public String guest;
        public Boolean enabled;
    }
}
