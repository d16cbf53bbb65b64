package dev.adjoint.web.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * The configured API keys. Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual},
 * against every key, so the time a check takes says nothing about how close a guess was.
 */
final class ApiKeys {

    private final List<byte[]> digests;

    ApiKeys(Collection<String> keys) {
        this.digests = keys.stream().filter(k -> k != null && !k.isBlank()).map(k -> digest(k.strip())).toList();
    }

    /** False when no key is configured: then the API is open. */
    boolean required() {
        return !digests.isEmpty();
    }

    boolean isValid(String presented) {
        if (presented == null || digests.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] key : digests) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
