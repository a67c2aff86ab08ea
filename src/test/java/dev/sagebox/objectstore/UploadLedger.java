package dev.sagebox.objectstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the crash test's clients tried to write and what the server acknowledged, per key, in order. Each key has
 * one writer, so its versions are sequential: after a crash the key must hold the last acknowledged version or a
 * later attempted one, wholly, and may be absent only if nothing was acknowledged.
 */
final class UploadLedger {
    /** One attempted write of a key: its content's digest and size, and whether the server answered 200. */
    static final class Version {
        final String md5;
        final long size;
        volatile boolean acknowledged;

        Version(String md5, long size) {
            this.md5 = md5;
            this.size = size;
        }
    }

    private final Map<String, List<Version>> versions = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledged = new AtomicInteger();

    /** Deterministic content for a key and version, so no test keeps hundreds of megabytes around. */
    static byte[] content(String key, int version, int size) {
        byte[] data = new byte[size];
        new SplittableRandom(key.hashCode() * 31L + version).nextBytes(data);
        return data;
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records an attempt before its request is sent; call {@link #acknowledge} when the server answered. */
    Version attempt(String key, byte[] data) {
        Version version = new Version(md5(data), data.length);
        versions.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(version);
        return version;
    }

    void acknowledge(Version version) {
        version.acknowledged = true;
        acknowledged.incrementAndGet();
    }

    int acknowledgedCount() {
        return acknowledged.get();
    }

    /** Attempts the server never answered: the requests that were in flight when it died. */
    long unansweredCount() {
        return versions.values().stream().flatMap(List::stream).filter(v -> !v.acknowledged).count();
    }

    Map<String, List<Version>> byKey() {
        return versions;
    }

    /**
     * The versions the key may hold after the crash: the last acknowledged one and every later attempt. Empty
     * history means "unknown key".
     */
    static List<Version> allowed(List<Version> history) {
        int lastAcknowledged = -1;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).acknowledged) {
                lastAcknowledged = i;
            }
        }
        return history.subList(Math.max(lastAcknowledged, 0), history.size());
    }

    static boolean mayBeAbsent(List<Version> history) {
        return history.stream().noneMatch(v -> v.acknowledged);
    }
}
