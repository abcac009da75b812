package org.kvmlab.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RingBufferTest {

    @Test
    void keepsTheLastItemsOldestFirst() {
        RingBuffer<Integer> ring = new RingBuffer<>(3);
        assertThat(ring.toList()).isEmpty();
        ring.add(1);
        ring.add(2);
        assertThat(ring.toList()).containsExactly(1, 2);
        ring.add(3);
        ring.add(4);
        ring.add(5);
        assertThat(ring.toList()).containsExactly(3, 4, 5);
        assertThat(ring.size()).isEqualTo(3);
        for (int i = 6; i <= 10; i++) {
            ring.add(i);
        }
        assertThat(ring.toList()).containsExactly(8, 9, 10);
    }

    @Test
    void aBufferOfOneHoldsTheNewest() {
        RingBuffer<String> ring = new RingBuffer<>(1);
        ring.add("a");
        ring.add("b");
        assertThat(ring.toList()).containsExactly("b");
    }

    @Test
    void aBufferHoldsAtLeastOne() {
        assertThatThrownBy(() -> new RingBuffer<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
