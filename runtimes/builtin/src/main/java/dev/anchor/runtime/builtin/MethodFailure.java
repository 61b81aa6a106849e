package dev.anchor.runtime.builtin;

/**
 * The task asked for something that cannot be done: a bad param, an unreadable image, a tag that
 * does not authenticate, a limit the input would break. Its message is the task's one-line reason;
 * it names the param or limit at fault and what was expected.
 */
final class MethodFailure extends RuntimeException {

    MethodFailure(String reason) {
        super(reason, null, false, false);
    }

    MethodFailure(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }

    String reason() {
        return getMessage();
    }
}
