package org.kvmlab.guest.libvirt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.libvirt.Domain;
import org.libvirt.DomainBlockStats;
import org.libvirt.DomainInterfaceStats;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A running guest's counters under the names {@code virsh domstats} uses. libvirt-java has no bulk-stats
 * call, so they are gathered from the per-device calls it does have; a counter a driver cannot give is
 * simply absent.
 */
final class GuestStatistics {

    /** virDomainMemoryStatTags: VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, _RSS, _USABLE, _AVAILABLE. */
    private static final Map<Integer, String> MEMORY_TAGS = Map.of(6, "balloon.current", 7, "balloon.rss",
            5, "balloon.available", 8, "balloon.usable");
    private static final int MEMORY_STAT_NR = 16;

    private GuestStatistics() {
    }

    static Map<String, Long> collect(Domain d, String liveXml) throws LibvirtException {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("cpu.time", d.getInfo().cpuTime);
        try {
            for (MemoryStatistic m : d.memoryStats(MEMORY_STAT_NR)) {
                String key = MEMORY_TAGS.get(m.getTag());
                if (key != null) {
                    stats.put(key, m.getValue());
                }
            }
        } catch (LibvirtException e) {
            // no balloon statistics from this driver or guest
        }
        List<String> disks = targets(liveXml, "/domain/devices/disk/target/@dev");
        for (int i = 0; i < disks.size(); i++) {
            try {
                DomainBlockStats b = d.blockStats(disks.get(i));
                put(stats, "block." + i, Map.of("rd.reqs", b.rd_req, "wr.reqs", b.wr_req, "rd.bytes", b.rd_bytes,
                        "wr.bytes", b.wr_bytes));
            } catch (LibvirtException e) {
                // the disk has no statistics (e.g. the guest is off)
            }
        }
        List<String> nics = targets(liveXml, "/domain/devices/interface/target/@dev");
        for (int i = 0; i < nics.size(); i++) {
            try {
                DomainInterfaceStats n = d.interfaceStats(nics.get(i));
                put(stats, "net." + i, Map.of("rx.bytes", n.rx_bytes, "tx.bytes", n.tx_bytes, "rx.pkts",
                        n.rx_packets, "tx.pkts", n.tx_packets));
            } catch (LibvirtException e) {
                // the interface has no statistics (e.g. the guest is off)
            }
        }
        return stats;
    }

    private static void put(Map<String, Long> stats, String prefix, Map<String, Long> values) {
        values.forEach((k, v) -> stats.put(prefix + "." + k, v));
    }

    private static List<String> targets(String xml, String attributeXPath) {
        try {
            Document doc = Xml.parse(xml);
            String elementPath = attributeXPath.substring(0, attributeXPath.lastIndexOf("/@"));
            String attribute = attributeXPath.substring(attributeXPath.lastIndexOf("/@") + 2);
            return Xml.select(doc, elementPath).stream().map(e -> ((Element) e).getAttribute(attribute))
                    .filter(s -> !s.isEmpty()).toList();
        } catch (XmlException e) {
            return List.of();
        }
    }
}
