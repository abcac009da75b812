package org.kvmlab.session;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.catalog.Lab;
import org.kvmlab.testing.Labs;

/** Per-person caps: a lab reserves its guests' caps, so admission at start is all it takes. */
class UserQuotasTest {

    final Lab virtio = Labs.lab("virtio-devices");   // one guest, 256 MiB, 2 vCPUs
    final Lab cpu = Labs.lab("cpu-sizing");          // one guest, 256 MiB, 4 vCPUs

    @Test
    void labsFitUntilACapIsReached() {
        UserQuotas quotas = new UserQuotas(new UserQuotas.Caps(4, 512, 8, 16));
        assertThatCode(() -> quotas.admitStart(List.of(), virtio)).doesNotThrowAnyException();
        assertThatCode(() -> quotas.admitStart(List.of(virtio), cpu)).doesNotThrowAnyException();
        assertThatThrownBy(() -> quotas.admitStart(List.of(virtio, cpu), virtio))
                .isInstanceOf(UserQuotas.OverQuota.class)
                .hasMessageContaining("This lab needs 1 guest with up to 256 MiB and 2 vCPUs.")
                .hasMessageContaining("Your running labs hold 2 guests, 512 MiB and 6 vCPUs.")
                .hasMessageContaining("End one of your running labs first.");
    }

    @Test
    void eachCapCountsOnItsOwn() {
        assertThatThrownBy(() -> new UserQuotas(new UserQuotas.Caps(1, 4096, 64, 16)).admitStart(List.of(virtio), cpu))
                .hasMessageContaining("(1 guests, 4096 MiB, 64 vCPUs)");
        assertThatThrownBy(() -> new UserQuotas(new UserQuotas.Caps(8, 4096, 5, 16)).admitStart(List.of(virtio), cpu))
                .isInstanceOf(UserQuotas.OverQuota.class);
        assertThatThrownBy(() -> new UserQuotas(new UserQuotas.Caps(8, 128, 64, 16)).admitStart(List.of(), virtio))
                .hasMessageContaining("Ask your instructor or an admin about this lab.");
    }

    @Test
    void volumesFitUnderTheDiskCap() {
        UserQuotas quotas = new UserQuotas(new UserQuotas.Caps(4, 1024, 8, 2));
        assertThatCode(() -> quotas.admitVolume(1L << 30, 1L << 30)).doesNotThrowAnyException();
        assertThatThrownBy(() -> quotas.admitVolume(1L << 30, (1L << 30) + 1))
                .isInstanceOf(UserQuotas.OverQuota.class)
                .hasMessageContaining("Your volumes may hold 2 GiB in all").hasMessageContaining("they hold 1.0 GiB");
    }
}
