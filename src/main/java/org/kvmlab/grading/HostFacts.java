package org.kvmlab.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.kvmlab.catalog.CheckVariables;
import org.kvmlab.guest.HypervisorInfo;

/**
 * Answers the {@code $variables} of check XPaths from the hypervisor and from the files of the machine kvmlab
 * runs on ({@code /dev}, {@code /sys}, {@code /proc}, libvirt's run folder). Only reads; with the simulated
 * hypervisor, facts about QEMU processes are unknown (-1).
 */
public class HostFacts {

    private final Path root;

    public HostFacts() {
        this(Path.of("/"));
    }

    /** @param root where the host's file system is mounted (tests point it at a fake tree) */
    public HostFacts(Path root) {
        this.root = root;
    }

    /** The variables for checks on one guest's domain. */
    public Map<String, Object> variables(HypervisorInfo info, String domain) {
        Map<String, Object> vars = new HashMap<>();
        vars.put(CheckVariables.HOST_CPUS, (double) info.hostCpus());
        vars.put(CheckVariables.HOST_FREE_HUGEPAGES_MIB, freeHugepagesMiB());
        vars.put(CheckVariables.HOST_KVM, Files.exists(root.resolve("dev/kvm")));
        vars.put(CheckVariables.HOST_VHOST_NET, Files.exists(root.resolve("dev/vhost-net")));
        vars.put(CheckVariables.HOST_TUN, Files.exists(root.resolve("dev/net/tun")));
        vars.put(CheckVariables.QEMU_SECCOMP, info.simulated() ? -1.0 : seccomp(domain));
        return vars;
    }

    private double freeHugepagesMiB() {
        String free = read(root.resolve("sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages"));
        try {
            return free == null ? 0 : Long.parseLong(free.strip()) * 2.0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The Seccomp mode of the guest's QEMU process, from libvirt's pid file and /proc. */
    private double seccomp(String domain) {
        if (!domain.matches("[A-Za-z0-9_.-]+")) {
            return -1;
        }
        String pid = read(root.resolve("run/libvirt/qemu/" + domain + ".pid"));
        if (pid == null || !pid.strip().matches("\\d+")) {
            return -1;
        }
        String status = read(root.resolve("proc/" + pid.strip() + "/status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("Seccomp:")) {
                return Double.parseDouble(line.substring("Seccomp:".length()).strip());
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
