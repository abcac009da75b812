package org.kvmlab.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers recently verified HTTP Basic credentials for a minute. A PBKDF2 check costs a few hundred
 * milliseconds by design; scripts calling the API many times should not pay it on every request. Only a
 * SHA-256 of user and password is kept, never the password.
 */
@ApplicationScoped
public class BasicCredentialCache {

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final int MAX_ENTRIES = 1000;

    private record Entry(Caller caller, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Optional<Caller> get(UsernamePasswordCredential credential) {
        Entry entry = entries.get(key(credential));
        if (entry == null || entry.expiresAtNanos() < System.nanoTime()) {
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    void put(UsernamePasswordCredential credential, Caller caller) {
        if (entries.size() >= MAX_ENTRIES) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> e.expiresAtNanos() < now);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key(credential), new Entry(caller, System.nanoTime() + TTL.toNanos()));
    }

    private static String key(UsernamePasswordCredential credential) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(credential.getCaller().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(credential.getPasswordAsString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
