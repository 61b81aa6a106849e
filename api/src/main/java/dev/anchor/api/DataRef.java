package dev.anchor.api;

/**
 * Bytes given by value or by reference; exactly one field is set. {@code file} is resolved by the
 * CLI (it uploads the file and sends {@code blob}); the API never reads the coordinator's files.
 *
 * @param text   UTF-8 text inline
 * @param base64 bytes inline, base64
 * @param blob   a blob's SHA-256 (lower-case hex), uploaded before
 * @param file   CLI only: a local path, relative to the job file
 */
public record DataRef(String text, String base64, String blob, String file) {
    public static DataRef ofBlob(String sha256) {
        return new DataRef(null, null, sha256, null);
    }

    public static DataRef ofText(String text) {
        return new DataRef(text, null, null, null);
    }

    public static DataRef ofBase64(String base64) {
        return new DataRef(null, base64, null, null);
    }
}
