package org.kvmlab.policy;

import java.util.Map;
import java.util.OptionalLong;

/**
 * libvirt's units for sizes ({@code unit='…'} on memory, capacities and the like): KB, MB and GB count in
 * thousands, k/KiB, M/MiB and G/GiB in 1024s, b and bytes in bytes.
 */
final class SizeUnits {

    private static final Map<String, Long> BYTES = Map.ofEntries(
            Map.entry("b", 1L), Map.entry("bytes", 1L), Map.entry("KB", 1000L), Map.entry("k", 1024L),
            Map.entry("KiB", 1024L), Map.entry("MB", 1_000_000L), Map.entry("M", 1L << 20), Map.entry("MiB", 1L << 20),
            Map.entry("GB", 1_000_000_000L), Map.entry("G", 1L << 30), Map.entry("GiB", 1L << 30));

    private SizeUnits() {
    }

    /**
     * A figure in a unit, in bytes; a size too large for a long counts as {@link Long#MAX_VALUE}. Empty when the
     * unit is not libvirt's or the figure is not a whole number.
     */
    static OptionalLong bytes(String figure, String unit) {
        Long factor = BYTES.get(unit);
        if (factor == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(figure.strip()), factor));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        } catch (ArithmeticException e) {
            return OptionalLong.of(Long.MAX_VALUE);
        }
    }
}
