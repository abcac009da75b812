package org.kvmlab.authoring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A lab's files as a zip archive: made from a folder (the same bytes for the same files, so built-in labs
 * are only stored again when they change), and unpacked from an upload under strict limits. Uploads are
 * untrusted: only plain files with safe relative names, a few hundred KiB in all, no links, nothing outside
 * the target folder.
 */
public final class LabArchive {

    /** Largest upload accepted, and largest total unpacked size. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_ENTRIES = 200;
    private static final Pattern SAFE_NAME = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9._-]{0,63}/){0,4}"
            + "[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    private static final Pattern SAFE_FILE = Pattern.compile(".*\\.(yaml|yml|md|xml|txt|json)");

    private LabArchive() {
    }

    /** Thrown when an upload is not an acceptable lab archive; the message says why and what to do. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** Zips a lab folder: sorted entries, fixed times, so equal content gives equal bytes. */
    public static byte[] pack(Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(folder.relativize(file).toString().replace('\\', '/'));
                entry.setTime(0);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Unpacks an archive into an empty folder. The archive holds one lab: either {@code lab.yaml} at its root,
     * or a single top folder that contains it (as zipping a lab folder gives).
     */
    public static void unpack(byte[] archive, Path target) throws Refused {
        if (archive.length == 0) {
            throw new Refused("The file is empty. Upload a .zip of one lab folder.");
        }
        if (archive.length > MAX_BYTES) {
            throw new Refused("The archive is larger than " + MAX_BYTES / 1024 + " KiB. A lab is text: keep only"
                    + " lab.yaml, the domain XML files and the step Markdown.");
        }
        List<String> names = names(archive);
        String prefix = commonTopFolder(names);
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName().substring(prefix.length());
                Path out = target.resolve(name).normalize();
                if (!out.startsWith(target)) {
                    throw new Refused("'" + e.getName() + "' would be written outside the lab folder.");
                }
                Files.createDirectories(out.getParent());
                total += copyLimited(zip, out, MAX_BYTES - total);
            }
        } catch (ZipException e) {
            throw new Refused("The file is not a valid .zip archive (" + e.getMessage() + ").");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isRegularFile(target.resolve("lab.yaml"))) {
            throw new Refused("The archive has no lab.yaml, neither at its root nor in a single top folder.");
        }
    }

    private static List<String> names(byte[] archive) throws Refused {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            List<String> names = new java.util.ArrayList<>();
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (names.size() >= MAX_ENTRIES) {
                    throw new Refused("The archive has more than " + MAX_ENTRIES + " entries.");
                }
                if (e.isDirectory()) {
                    continue;
                }
                if (!SAFE_NAME.matcher(name).matches()) {
                    throw new Refused("'" + name + "' is not an acceptable file name: use letters, digits, '.', '_'"
                            + " and '-', in at most four folders, and no '..' or absolute paths.");
                }
                if (!SAFE_FILE.matcher(name.toLowerCase(java.util.Locale.ROOT)).matches()) {
                    throw new Refused("'" + name + "' is not a lab file: a lab holds only .yaml, .md, .xml, .txt and"
                            + " .json files.");
                }
                names.add(name);
            }
            if (names.isEmpty()) {
                throw new Refused("The archive holds no files. Upload a .zip of one lab folder.");
            }
            return names;
        } catch (IOException e) {
            throw new Refused("The file is not a valid .zip archive (" + e.getMessage() + ").");
        }
    }

    /** "folder/" when every file sits in that one top folder and lab.yaml is not at the root, else "". */
    private static String commonTopFolder(List<String> names) {
        if (names.contains("lab.yaml")) {
            return "";
        }
        String first = names.get(0);
        int slash = first.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String top = first.substring(0, slash + 1);
        return names.stream().allMatch(n -> n.startsWith(top)) ? top : "";
    }

    private static long copyLimited(InputStream in, Path out, long budget) throws IOException, Refused {
        byte[] buffer = new byte[8192];
        long written = 0;
        try (var os = Files.newOutputStream(out)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                written += n;
                if (written > budget) {
                    throw new Refused("The archive unpacks to more than " + MAX_BYTES / 1024 + " KiB.");
                }
                os.write(buffer, 0, n);
            }
        }
        return written;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
