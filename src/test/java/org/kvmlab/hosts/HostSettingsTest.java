package org.kvmlab.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///system", "qemu+ssh://kvmlab@host2/system", "qemu+tls://host3.example/system",
        "qemu+tcp://10.231.0.2/system", "test:///var/lib/kvmlab/node-2.xml", "qemu+ssh://kvmlab@host2:2222/system?keyfile=/etc/kvmlab/id_ed25519&no_tty=1",
        "test:///default"})
    void uriAdminsUseAreAccepted(String uri) {
        assertThat(HostSettings.defaults("h2", uri).uri()).isEqualTo(uri);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "qemu+ssh://x/system?command=/bin/sh | parameter 'command' is not allowed",
        "qemu+ssh://x/system?netcat=/tmp/nc | parameter 'netcat' is not allowed",
        "qemu+unix:///system?socket=/tmp/evil | parameter 'socket' is not allowed",
        "qemu+ext:///system?command=/bin/sh | 'qemu+ext' is not one of them",
        "qemu:///session | must end in /system",
        "xen:///system | 'xen' is not one of them",
        "http://example.com/system | 'http' is not one of them",
        "qemu+ssh://x/system#frag | no '#' part",
        "'qemu+ssh://x /system' | is not a URI",
        "'' | Give the host's libvirt URI",
        "qemu+tcp://kvmlab:s3cret@host2/system | Do not put a password in the URI",
        "test:///etc/passwd | The simulated driver takes",
        "test:///tmp/../etc/node.xml | The simulated driver takes",
        "test:///etc/shadow.xml.gz | The simulated driver takes"})
    void dangerousOrWrongUrisAreRefusedWithTheReason(String uri, String why) {
        assertThatThrownBy(() -> HostSettings.defaults("h2", uri)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2host", "Host", "a_b", "x123456789012345678901234567890123"})
    void idsAreShortLowerCaseNames(String id) {
        assertThatThrownBy(() -> HostSettings.defaults(id, "qemu:///system"))
                .hasMessageContaining("must start with a letter");
    }

    @ParameterizedTest
    @CsvSource({"-1, 0, 0, 0", "0, -0.5, 0, 0", "0, 257, 0, 0", "0, 0, -2, 0", "0, 0, 0, 65", "0, NaN, 0, 0"})
    void capsMustBeSensible(long memory, double overcommit, int guests, int boots) {
        assertThatThrownBy(() -> new HostSettings("h2", "qemu:///system", memory, overcommit, guests, boots, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
