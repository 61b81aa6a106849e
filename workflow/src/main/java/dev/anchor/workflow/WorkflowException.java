package dev.anchor.workflow;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import java.util.Map;

/** A workflow spec that cannot be accepted; names the step and the field. */
public final class WorkflowException extends AnchorException {
    private static final long serialVersionUID = 1L;

    public WorkflowException(String field, String message) {
        super(ErrorCode.INVALID_FIELD, field + ": " + message, Map.of("field", field));
    }
}
