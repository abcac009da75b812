package org.kvmlab.hosts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A hypervisor host as an admin registers it: where libvirt answers, and the caps kvmlab keeps on it. A cap of 0
 * means the default, worked out from the host itself (see {@link HostCaps#of}).
 *
 * @param maxMemoryMiB memory lab guests may reserve on the host in all (each guest counts with its memory cap)
 * @param cpuOvercommit vCPUs lab guests may have per host core
 * @param maxGuests lab guests at most on the host
 * @param maxBoots guests booting at once on the host (boots are CPU-bound: more only makes each slower)
 * @param drained a drained host takes no new guests; the ones it runs finish normally
 */
public record HostSettings(String id, String uri, long maxMemoryMiB, double cpuOvercommit, int maxGuests,
                           int maxBoots, boolean drained) {

    /** The id of the host the platform was started with. */
    public static final String LOCAL = "local";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** A test-driver node file: an absolute path to an .xml file, no dot-dot. */
    private static final Pattern TEST_NODE = Pattern.compile("(/[A-Za-z0-9_][A-Za-z0-9_.-]*)+\\.xml");
    /** Transports an admin may use; {@code test} is libvirt's simulated driver (demo mode and tests). */
    private static final Set<String> SCHEMES = Set.of("qemu", "qemu+ssh", "qemu+tls", "qemu+tcp", "qemu+unix",
            "test");
    /**
     * URI parameters libvirt's remote driver takes that only say how to authenticate. The others ({@code command},
     * {@code netcat}, {@code socket}, {@code proxy}, …) name programs or sockets to run or open on this machine.
     */
    private static final Set<String> PARAMETERS = Set.of("keyfile", "known_hosts", "known_hosts_verify",
            "no_verify", "no_tty", "pkipath", "sshauth", "mode", "tls_priority");

    public HostSettings {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A host's id must start with a letter and use a-z, 0-9 and '-'"
                    + " (at most 32), like 'rack2-node1'.");
        }
        uri = checkedUri(uri);
        if (maxMemoryMiB < 0 || maxGuests < 0 || maxBoots < 0 || maxBoots > 64) {
            throw new IllegalArgumentException("Caps must be 0 (the default) or positive; at most 64 boots at once.");
        }
        if (!(cpuOvercommit >= 0) || cpuOvercommit > 256) {
            throw new IllegalArgumentException("The vCPU overcommit ratio must be between 0 (the default, 64 per core)"
                    + " and 256.");
        }
    }

    /** Default caps for a host at this URI. */
    public static HostSettings defaults(String id, String uri) {
        return new HostSettings(id, uri, 0, 0, 0, 0, false);
    }

    public HostSettings drained(boolean value) {
        return new HostSettings(id, uri, maxMemoryMiB, cpuOvercommit, maxGuests, maxBoots, value);
    }

    /** The URI when libvirt may be given it, else an explanation of what is wrong with it. */
    static String checkedUri(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 300) {
            throw new IllegalArgumentException("Give the host's libvirt URI, like qemu+ssh://kvmlab@host2/system.");
        }
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + raw.strip() + "' is not a URI: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("kvmlab reaches hosts over qemu:///system, qemu+ssh://, qemu+tls:// or"
                    + " qemu+tcp:// (test networks only); '" + scheme + "' is not one of them.");
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw new IllegalArgumentException("Do not put a password in the URI: it would be stored and shown. Use an"
                    + " SSH key (qemu+ssh://user@host/system?keyfile=…) or TLS certificates.");
        }
        if ("test".equals(scheme) && !"/default".equals(uri.getPath())
                && !TEST_NODE.matcher(uri.getPath() == null ? "" : uri.getPath()).matches()) {
            // the test driver reads the file it names and quotes it in its errors: only its own node files
            throw new IllegalArgumentException("The simulated driver takes test:///default or a node file ending in"
                    + " .xml, like test:///var/lib/kvmlab/node.xml.");
        }
        if (scheme.startsWith("qemu") && !"/system".equals(uri.getPath())) {
            throw new IllegalArgumentException("kvmlab runs guests in the system instance of libvirt: the URI must end"
                    + " in /system, like qemu+ssh://kvmlab@host2/system.");
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!PARAMETERS.contains(name)) {
                    throw new IllegalArgumentException("The URI parameter '" + name + "' is not allowed: kvmlab takes"
                            + " only " + String.join(", ", PARAMETERS.stream().sorted().toList())
                            + " (parameters that run programs or open sockets are refused).");
                }
            }
        }
        if (uri.getFragment() != null) {
            throw new IllegalArgumentException("A libvirt URI has no '#' part.");
        }
        return uri.toString();
    }
}
