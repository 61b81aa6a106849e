package dev.anchor.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A failure with a code, a one-line message that names what was wrong, and optional details
 * (for example {@code field}). Thrown by the coordinator's handlers and by the Java client.
 */
public class AnchorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public AnchorException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public AnchorException(ErrorCode code, String message, Map<String, Object> details) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        this.details = Map.copyOf(requireNonNull(details, "details is null"));
    }

    public static AnchorException invalidField(String field, String message) {
        return new AnchorException(ErrorCode.INVALID_FIELD, field + ": " + message, Map.of("field", field));
    }

    public static AnchorException notFound(String what) {
        return new AnchorException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** The wire form of this failure. */
    public ErrorBody toBody() {
        return new ErrorBody(new ErrorBody.Detail(code.wireName(), getMessage(), details));
    }
}
