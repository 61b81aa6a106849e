package dev.anchor.runtime.js;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetScriptingError;

/**
 * Turns an uncaught JavaScript error into a task's one-line failure reason: the error's first line
 * and the first frame of its stack, e.g. {@code Error: boom at f (task.js:2:9)}. Both come from the
 * script and may be anything, so they are cut to a sane length.
 */
final class ScriptErrors {

    static final int MAX_REASON_CHARS = 1_000;

    private ScriptErrors() {}

    static String reason(BaseJavetScriptingException exception) {
        var error = exception.getScriptingError();
        if (error == null) {
            return cut("script error: " + exception.getMessage());
        }
        var frame = firstFrame(error.getStack());
        if (frame == null) {
            frame = location(error);
        }
        // The exception's message is the error's string form ("TypeError: x is not a function");
        // the scripting error's own message lacks the error's name.
        var message = exception.getMessage();
        // Javet writes "<null>" when the thrown value has no message.
        if (message == null || message.isBlank() || message.equals("<null>")) {
            // A thrown non-Error (throw 42): Javet keeps the thrown value as context when it can
            // convert it, and drops it otherwise.
            message = error.getContext() == null ? "Uncaught exception (a value that is not an Error was thrown)"
                    : "Uncaught " + error.getContext();
        }
        return join(message, frame);
    }

    /** For a rejected promise: the reason's text and its stack as the sandbox described them. */
    static String reason(String message, String stack) {
        return join(message, firstFrame(stack));
    }

    private static String join(String message, String frame) {
        var first = firstLine(message == null || message.isBlank() ? "uncaught exception" : message);
        return cut(frame == null ? first : first + " " + frame);
    }

    private static String location(JavetScriptingError error) {
        if (error.getLineNumber() <= 0) {
            return null;
        }
        var resource = error.getResourceName() == null || error.getResourceName().isBlank()
                ? ScriptRun.RESOURCE_NAME : error.getResourceName();
        return "at " + resource + ":" + error.getLineNumber() + ":" + (error.getStartColumn() + 1);
    }

    private static String firstFrame(String stack) {
        if (stack == null) {
            return null;
        }
        for (var line : stack.split("\n", 64)) {
            var trimmed = line.strip();
            if (trimmed.startsWith("at ")) {
                return trimmed;
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }

    private static String cut(String text) {
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
    }
}
