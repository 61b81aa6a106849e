package dev.anchor.api;

/**
 * Every failure Anchor reports carries one of these codes. This enum is the one place that maps a
 * code to its HTTP status and to the CLI's exit code.
 */
public enum ErrorCode {
    MALFORMED_JSON(400, 2),
    INVALID_FIELD(400, 2),
    INVALID_REQUEST(400, 2),
    HASH_MISMATCH(400, 2),
    UNAUTHENTICATED(401, 4),
    FORBIDDEN(403, 4),
    NOT_FOUND(404, 5),
    METHOD_NOT_ALLOWED(405, 2),
    CONFLICT(409, 6),
    STALE_ATTEMPT(409, 6),
    PAYLOAD_TOO_LARGE(413, 2),
    UNSUPPORTED_MEDIA_TYPE(415, 2),
    RATE_LIMITED(429, 7),
    INTERNAL(500, 10),
    UNAVAILABLE(503, 8);

    private final int httpStatus;
    private final int exitCode;

    ErrorCode(int httpStatus, int exitCode) {
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The exit code the CLI ends with when a command fails with this code. */
    public int exitCode() {
        return exitCode;
    }

    /** The code as written on the wire: lower snake case. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The code for a wire name, or {@link #INTERNAL} for one this version does not know. */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.wireName().equals(wire)) return code;
        }
        return INTERNAL;
    }
}
