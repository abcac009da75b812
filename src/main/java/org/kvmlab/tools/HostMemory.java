package org.kvmlab.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory as the host sees it: {@code MemAvailable} from {@code /proc/meminfo}, and the resident size of a guest's
 * QEMU process, found through the pid file libvirt's QEMU driver keeps for each running guest.
 */
final class HostMemory {

    private static final Pattern AVAILABLE = Pattern.compile("(?m)^MemAvailable:\\s+(\\d+) kB$");
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$");
    private static final Path PID_FILES = Path.of("/run/libvirt/qemu");

    private HostMemory() {
    }

    /** MemAvailable in KiB. */
    static long availableKiB() {
        return kib(read(Path.of("/proc/meminfo")), AVAILABLE)
                .orElseThrow(() -> new IllegalStateException("/proc/meminfo has no MemAvailable line"));
    }

    /**
     * The host's load averages (1, 5, 15 minutes) as {@code /proc/loadavg} gives them: the host is shared, and
     * figures taken under a load of 10 on 2 CPUs are not those of an idle host.
     */
    static String loadAverage() {
        String[] fields = read(Path.of("/proc/loadavg")).strip().split("\\s+");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
    }

    /** The 1-minute load average, 0 when it cannot be read. */
    static double loadNow() {
        String first = loadAverage().split(" ")[0];
        try {
            return Double.parseDouble(first);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Summed resident size (KiB) of the QEMU processes of these running guests; a guest without one counts 0. */
    static long qemuRssKiB(List<String> guests) {
        long total = 0;
        for (String guest : guests) {
            Path pidFile = PID_FILES.resolve(guest + ".pid");
            if (Files.isRegularFile(pidFile)) {
                String pid = read(pidFile).strip();
                total += kib(read(Path.of("/proc", pid, "status")), RSS).orElse(0L);
            }
        }
        return total;
    }

    /** The first number of a {@code Name: N kB} line. */
    static Optional<Long> kib(String text, Pattern line) {
        Matcher m = line.matcher(text);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
