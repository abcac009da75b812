package org.kvmlab.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.platform.Platform;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.policy.PolicyViolation;
import org.kvmlab.policy.SnapshotPolicy;
import org.kvmlab.policy.VolumePolicy;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;

/**
 * What a learner writes for their session's objects: a guest's domain XML, snapshots, their network's XML and
 * volumes. Everything passes the lab's {@link org.kvmlab.policy.LearnerPolicy} before libvirt sees it; every
 * refusal is recorded in the audit trail with the element and the reason. Only the learner's own live sessions
 * are found.
 */
@ApplicationScoped
public class WorkspaceService {

    @Inject
    SessionService sessions;

    @Inject
    SessionStore store;

    @Inject
    Platform platform;

    @Inject
    AuditLog audit;

    /** The guest's stored (inactive) domain XML, as the learner edits it. */
    public String xml(String username, String id, String guest) {
        LabSession session = sessions.live(username, id);
        LabGuest labGuest = sessions.guest(session, guest);
        return SessionService.hypervisor(() -> sessions.runtime(session).inactiveXml(session.id(), labGuest.name()));
    }

    public ApplyResult applyXml(String username, String id, String guest, String xml)
            throws XmlException, PolicyRefusal {
        LabSession session = sessions.working(username, id);
        Lab lab = sessions.lab(session);
        LabGuest labGuest = sessions.guest(session, guest);
        return judged(username, session, "domain XML of " + labGuest.name(), () -> {
            try {
                return sessions.runtime(session).applyXml(session.id(), lab, labGuest, xml);
            } catch (HypervisorException e) {
                throw libvirtRefused(e, "domain", "definition");
            }
        });
    }

    /**
     * Takes a snapshot a learner wrote as XML, after the snapshot policy admitted it; returns its name.
     *
     * @throws XmlException  when the XML is malformed
     * @throws PolicyRefusal when it asks for anything but an internal snapshot of this guest
     */
    public String createSnapshot(String username, String id, String guest, String xml)
            throws XmlException, PolicyRefusal {
        LabSession session = sessions.working(username, id);
        Lab lab = sessions.lab(session);
        LabGuest labGuest = sessions.guest(session, guest);
        return judged(username, session, "snapshot XML of " + labGuest.name(), () -> {
            SnapshotPolicy.Snapshot wanted = sessions.runtime(session).policy(lab).snapshot().admit(xml,
                    sessions.runtime(session).diskTargets(session.id(), labGuest.name()));
            try {
                return sessions.runtime(session).snapshot(session.id(), lab, labGuest.name(), wanted);
            } catch (IllegalArgumentException e) {
                throw new SessionException(SessionException.Kind.CONFLICT, "No snapshot was taken: "
                        + e.getMessage());
            } catch (HypervisorException e) {
                String detail = SessionService.libvirtDetail(e);
                throw new SessionException(SessionException.Kind.CONFLICT, "libvirt did not take the snapshot: "
                        + detail + (detail.contains("storage type raw") ? ". Internal snapshots live inside a qcow2"
                        + " image: state the disk's format (<driver name='qemu' type='qcow2'/>) and power cycle the"
                        + " guest first." : ""));
            }
        });
    }

    /** The guest's snapshots, oldest first. */
    public List<SnapshotView> snapshots(String username, String id, String guest) {
        LabSession session = sessions.live(username, id);
        LabGuest labGuest = sessions.guest(session, guest);
        return SessionService.hypervisor(() -> sessions.runtime(session).hypervisor().snapshots(
                LabRuntime.platformName(session.id(), labGuest.name()))).stream()
                .map(s -> new SnapshotView(s.name(), s.current(), description(s.xml()))).toList();
    }

    private static String description(String snapshotXml) {
        try {
            org.w3c.dom.Element d = Xml.first(Xml.parse(snapshotXml), "/domainsnapshot/description");
            return d == null ? "" : d.getTextContent().strip();
        } catch (XmlException e) {
            return "";
        }
    }

    /** The learner's name of their session's network; any other name does not exist for them. */
    public static final String NETWORK = "lab";

    /** The session network's XML as defined for its next start: what the learner edits. */
    public String networkXml(String username, String id, String network) {
        LabSession session = sessions.live(username, id);
        network(network);
        return SessionService.hypervisor(() -> sessions.runtime(session).networkXml(session.id()));
    }

    private static void network(String name) {
        if (!NETWORK.equals(name)) {
            throw new SessionException(SessionException.Kind.UNKNOWN, "There is no network '" + name + "': your"
                    + " session's network is '" + NETWORK + "'.");
        }
    }

    /** Applies the learner's XML to their session's own network (its guests must be shut off). */
    public ApplyResult applyNetworkXml(String username, String id, String network, String xml)
            throws XmlException, PolicyRefusal {
        LabSession session = sessions.working(username, id);
        network(network);
        Lab lab = sessions.lab(session);
        return judged(username, session, "network XML", () -> {
            try {
                return sessions.runtime(session).applyNetworkXml(session.id(), lab, xml);
            } catch (HypervisorException e) {
                throw libvirtRefused(e, "network", "network");
            }
        });
    }

    /**
     * Makes a volume a learner wrote as XML in their session's pool, after the volume policy admitted it and
     * their quota has room; returns its name.
     */
    public String createVolume(String username, String id, String xml) throws XmlException, PolicyRefusal {
        LabSession session = sessions.working(username, id);
        Lab lab = sessions.lab(session);
        return judged(username, session, "volume XML", () -> {
            VolumePolicy.Volume volume = sessions.runtime(session).policy(lab).volume().admit(xml);
            admitVolume(username, volume.capacityBytes());
            try {
                sessions.runtime(session).createLearnerVolume(session.id(), lab, volume);
            } catch (IllegalArgumentException e) {
                throw new SessionException(SessionException.Kind.CONFLICT, "No volume was made: " + e.getMessage());
            } catch (HypervisorException e) {
                throw SessionService.hypervisorFailure(e);
            }
            return volume.name();
        });
    }

    /** The volumes the learner made in the session, by name, with their capacity in bytes. */
    public java.util.Map<String, Long> volumes(String username, String id) {
        LabSession session = sessions.live(username, id);
        return SessionService.hypervisor(() -> sessions.runtime(session).learnerVolumeCapacities(session.id()));
    }

    /**
     * Checks a new volume against the person's disk cap, counting their volumes in every live session.
     *
     * @throws UserQuotas.OverQuota when there is no room (recorded in the audit trail)
     */
    public void admitVolume(String username, long bytes) {
        long inUse = store.liveOf(username).stream()
                .filter(s -> s.state() == SessionState.RUNNING)
                .mapToLong(s -> sessions.runtime(s).learnerVolumeBytes(s.id())).sum();
        try {
            sessions.quotas().admitVolume(inUse, bytes);
        } catch (UserQuotas.OverQuota e) {
            audit.record(username, AuditAction.QUOTA_REFUSED, null, "volume of " + bytes + " bytes: "
                    + e.getMessage());
            throw e;
        }
    }

    /**
     * libvirt's own refusal of XML the policy admitted (its schema validation, or its checks of the values) is a
     * refusal like the policy's; any other hypervisor failure stays one.
     *
     * @throws PolicyRefusal for an invalid definition
     */
    private static SessionException libvirtRefused(HypervisorException e, String element, String what)
            throws PolicyRefusal {
        if (e.reason() == HypervisorException.Reason.INVALID_CONFIG) {
            throw new PolicyRefusal(List.of(new PolicyViolation(element, "libvirt refused this " + what + ": "
                    + SessionService.libvirtDetail(e), null, null)));
        }
        return SessionService.hypervisorFailure(e);
    }

    /** Runs work on the session that judges learner input; a refusal is recorded with what was refused and why. */
    private <T> T judged(String username, LabSession session, String what, SessionService.JudgedWork<T> work)
            throws XmlException, PolicyRefusal {
        try {
            return sessions.lockedJudged(session.id(), work);
        } catch (PolicyRefusal e) {
            audit.record(username, AuditAction.INPUT_REFUSED, session.id(), what + " refused: "
                    + e.violations().stream().map(v -> v.element() + ": " + v.message())
                    .collect(Collectors.joining("; ")));
            throw e;
        }
    }
}
