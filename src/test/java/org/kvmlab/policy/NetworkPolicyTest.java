package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmlab.xml.Xml;

/**
 * The network a learner edits is their session's own and stays isolated: no forwarding, no host address, no
 * dnsmasq options; its name, uuid and bridge are kvmlab's.
 */
class NetworkPolicyTest {

    static final String CURRENT = """
            <network>
              <name>kvmlab-00000000-0000-0000-0000-000000000001-net</name>
              <uuid>6a1e7c43-8d5f-4a4e-9c6b-5b1c2d3e4f50</uuid>
              <bridge name='virbr3' stp='off' delay='0'/>
              <mac address='52:54:00:12:34:56'/>
            </network>
            """;

    final NetworkPolicy policy = LearnerPolicy.standard().network();

    @Test
    void mtuBandwidthAndPortGroupsAreTheLearners() throws Exception {
        String learner = CURRENT.replace("</network>", "<mtu size='1400'/><bandwidth><inbound average='1000'"
                + " peak='2000' burst='1024'/><outbound average='1000'/></bandwidth><portgroup name='slow'"
                + " default='yes'><bandwidth><outbound average='100'/></bandwidth></portgroup></network>");
        String admitted = policy.admit(learner, CURRENT);
        assertThat(Xml.first(Xml.parse(admitted), "/network/mtu").getAttribute("size")).isEqualTo("1400");
        assertThat(policy.recheck(admitted, CURRENT)).isEmpty();
    }

    @Test
    void ownedPartsLeftOutArePutBack() throws Exception {
        String admitted = policy.admit("<network><bridge stp='on'/></network>", CURRENT);
        var doc = Xml.parse(admitted);
        assertThat(Xml.first(doc, "/network/name").getTextContent()).endsWith("-net");
        assertThat(Xml.first(doc, "/network/uuid").getTextContent()).startsWith("6a1e7c43");
        assertThat(Xml.first(doc, "/network/bridge").getAttribute("name")).isEqualTo("virbr3");
        assertThat(Xml.first(doc, "/network/bridge").getAttribute("stp")).isEqualTo("on");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            forward-nat          | <forward mode='nat'/>                                           | network/forward
            forward-bridge       | <forward mode='bridge'><interface dev='eth0'/></forward>      | network/forward
            forward-hostdev      | <forward mode='hostdev' managed='yes'><pf dev='eth0'/></forward> | network/forward
            host-address         | <ip address='192.168.50.1' netmask='255.255.255.0'/>           | network/ip
            dns                  | <dns><host ip='10.0.0.1'><hostname>x</hostname></host></dns>   | network/dns
            route                | <route address='10.1.0.0' prefix='16' gateway='10.0.0.1'/>     | network/route
            virtualport          | <virtualport type='openvswitch'/>                              | network/virtualport
            vlan                 | <vlan><tag id='42'/></vlan>                                    | network/vlan
            dnsmasq-options      | <dnsmasq:options xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'><dnsmasq:option value='dhcp-script=/bin/sh'/></dnsmasq:options> | dnsmasq:options
            mtu-huge             | <mtu size='65000'/>                                            | network/mtu/@size
            """)
    void hostileNetworkXmlIsRefusedNamingTheElement(String name, String insert, String element) {
        String learner = CURRENT.replace("</network>", insert + "</network>");
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class, () -> policy.admit(learner, CURRENT));
        assertThat(refusal).as(name).isNotNull();
        assertThat(refusal.violations()).extracting(PolicyViolation::element).contains(element);
        assertThat(refusal.violations()).allSatisfy(v -> assertThat(v.line()).isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            renamed        | <name>kvmlab-00000000-0000-0000-0000-000000000001-net</name> | <name>default</name>               | network/name
            other-uuid     | <uuid>6a1e7c43-8d5f-4a4e-9c6b-5b1c2d3e4f50</uuid>             | <uuid>00000000-0000-0000-0000-000000000000</uuid> | network/uuid
            host-bridge    | <bridge name='virbr3' stp='off' delay='0'/>                    | <bridge name='virbr0'/>            | network/bridge/@name
            """)
    void ownedPartsCannotBeChanged(String name, String from, String to, String element) {
        String learner = CURRENT.replace(from, to);
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class, () -> policy.admit(learner, CURRENT));
        assertThat(refusal).as(name).isNotNull();
        assertThat(refusal.violations()).extracting(PolicyViolation::element).contains(element);
    }

    @Test
    void onlyANetworkIsANetwork() {
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit("<domain type='qemu'/>", CURRENT));
        assertThat(refusal.getMessage()).contains("starts with <network>");
    }
}
