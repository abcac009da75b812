package org.kvmlab.tools;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.DomainBlueprint;
import org.kvmlab.guest.GuestAgent;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.xml.XmlException;

/**
 * The physical floor of a lab start: the very domain XML the platform would define, defined and started
 * straight through libvirt, until every guest agent answers {@code guest-ping}. No policy, database or HTTP.
 * The overlay disks and the session network are made beforehand and not timed, so the floor is the least any
 * start can cost on this host; the platform's cold start includes making them.
 */
final class FloorBench {

    private final BenchSessions sessions;
    private final GuestImage image;
    private final Acceleration acceleration;

    FloorBench(BenchSessions sessions, GuestImage image, Acceleration acceleration) {
        this.sessions = sessions;
        this.image = image;
        this.acceleration = acceleration;
    }

    /**
     * One floor start: {@code prepare} made the overlay disks and the session network (not part of the floor),
     * {@code boot} is the floor itself.
     */
    record Floor(Duration prepare, Duration boot) {
    }

    /** One floor start of every guest of the lab; the session is removed afterwards. */
    Floor once(Lab lab) throws XmlException {
        LabRuntime runtime = sessions.runtime();
        Hypervisor hypervisor = runtime.hypervisor();
        String session = sessions.open();
        try {
            long preparing = System.nanoTime();
            runtime.ensureNetwork(session);
            List<String> names = new ArrayList<>();
            List<String> xmls = new ArrayList<>();
            for (LabGuest guest : lab.guests()) {
                String name = LabRuntime.platformName(session, guest.name());
                names.add(name);
                xmls.add(DomainBlueprint.build(guest.domainXml(), spec(runtime, session, lab, guest, name)));
            }
            long started = System.nanoTime();
            Duration prepare = Duration.ofNanos(started - preparing);
            for (int i = 0; i < names.size(); i++) {
                hypervisor.define(xmls.get(i));
                hypervisor.start(names.get(i));
            }
            GuestAgent agent = new GuestAgent(hypervisor);
            for (LabGuest guest : BenchSessions.agentGuests(lab)) {
                if (!agent.awaitPing(LabRuntime.platformName(session, guest.name()), BenchSessions.AGENT_WAIT)) {
                    throw new IllegalStateException("floor: the guest agent of " + guest.name()
                            + " did not answer within " + BenchSessions.AGENT_WAIT.toSeconds() + " s");
                }
            }
            return new Floor(prepare, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            List<String> left = sessions.end(session);
            if (!left.isEmpty()) {
                throw new IllegalStateException("floor: could not remove " + String.join(", ", left));
            }
        }
    }

    private DomainBlueprint.Spec spec(LabRuntime runtime, String session, Lab lab, LabGuest guest, String name)
            throws XmlException {
        List<String> disks = new ArrayList<>();
        int count = DomainBlueprint.diskCount(guest.domainXml());
        for (int i = 0; i < count; i++) {
            disks.add(runtime.hypervisor().createOverlay(runtime.pool(), name + "-disk" + i + ".qcow2",
                    image.baseDisk(), image.baseCapacityBytes()));
        }
        return new DomainBlueprint.Spec(name, new GuestMetadata(runtime.instance(), session, lab.id(), guest.name(),
                Instant.now().plus(Duration.ofHours(1))), acceleration, image, disks,
                LabRuntime.networkName(session), guest.platformAgentChannel());
    }
}
