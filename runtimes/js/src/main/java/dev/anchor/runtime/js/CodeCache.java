package dev.anchor.runtime.js;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;

/**
 * V8 code caches (serialized bytecode of a compiled script) by script SHA-256, least recently used
 * first out, bounded by their total size. A cached entry only saves parsing and compiling: V8
 * checks it against its own version and flags and silently compiles afresh when it does not fit.
 * Callers verify the script's hash before using an entry, because V8's own check is weak (it
 * compares the source's length, not its content). Thread-safe.
 */
final class CodeCache {

    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long size;

    CodeCache(long maxBytes) {
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes must not be negative");
        this.maxBytes = maxBytes;
    }

    synchronized byte[] get(String sha256) {
        return entries.get(sha256);
    }

    synchronized void put(String sha256, byte[] cachedData) {
        if (cachedData == null || cachedData.length == 0 || cachedData.length > maxBytes) {
            return;
        }
        var previous = entries.put(sha256, cachedData);
        size += cachedData.length - (previous == null ? 0 : previous.length);
        var oldest = entries.entrySet().iterator();
        while (size > maxBytes && oldest.hasNext()) {
            size -= oldest.next().getValue().length;
            oldest.remove();
        }
    }

    synchronized int entries() {
        return entries.size();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
