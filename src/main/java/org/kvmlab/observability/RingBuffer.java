package org.kvmlab.observability;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} items added, oldest first; adding to a full buffer drops the oldest. Not thread-safe. */
final class RingBuffer<T> {

    private final Object[] items;
    private int next;
    private int size;

    RingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        items = new Object[capacity];
    }

    void add(T item) {
        items[next] = item;
        next = (next + 1) % items.length;
        size = Math.min(size + 1, items.length);
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    List<T> toList() {
        List<T> list = new ArrayList<>(size);
        int first = (next - size + items.length) % items.length;
        for (int i = 0; i < size; i++) {
            list.add((T) items[(first + i) % items.length]);
        }
        return list;
    }
}
