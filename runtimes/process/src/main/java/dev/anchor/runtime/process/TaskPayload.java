package dev.anchor.runtime.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process runtime's part of a task spec.
 *
 * @param command    argv; argv[0] is looked up on the sandbox's PATH
 * @param outputFile a relative path in the work directory whose content is the output, or null
 *                   when stdout is the output
 */
record TaskPayload(List<String> command, String outputFile) {

    TaskPayload {
        command = List.copyOf(command);
    }

    /**
     * Reads the payload.
     *
     * @throws IllegalArgumentException naming the field that is wrong and what was expected
     */
    static TaskPayload from(Map<String, Object> payload, List<String> args) {
        var raw = payload.get("command");
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException(raw == null
                    ? "payload.command is missing; expected the argv as a list of strings, e.g. [\"sh\", \"-c\", \"echo hi\"]"
                    : "payload.command is a " + typeName(raw) + "; expected the argv as a list of strings");
        }
        if (list.isEmpty()) throw new IllegalArgumentException("payload.command is empty; expected at least the program name");
        var command = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String argument)) {
                throw new IllegalArgumentException("payload.command[" + i + "] is a " + typeName(list.get(i)) + "; expected a string");
            }
            command.add(noNul("payload.command[" + i + "]", argument));
        }
        if (command.getFirst().isEmpty()) throw new IllegalArgumentException("payload.command[0] is empty; expected a program name");
        for (int i = 0; i < args.size(); i++) {
            command.add(noNul("args[" + i + "]", args.get(i)));
        }
        return new TaskPayload(command, outputFile(payload.get("outputFile")));
    }

    private static String outputFile(Object raw) {
        if (raw == null) return null;
        if (!(raw instanceof String name)) {
            throw new IllegalArgumentException("payload.outputFile is a " + typeName(raw) + "; expected a relative path");
        }
        var path = Path.of(noNul("payload.outputFile", name));
        boolean escapes = path.isAbsolute() || name.isBlank()
                || path.normalize().toString().isEmpty()
                || path.normalize().startsWith("..");
        for (var part : path) {
            escapes |= part.toString().equals("..");
        }
        if (escapes) {
            throw new IllegalArgumentException("payload.outputFile is '" + name
                    + "'; expected a relative path inside the work directory, without '..'");
        }
        return path.normalize().toString();
    }

    private static String noNul(String field, String value) {
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException(field + " contains a NUL character");
        return value;
    }

    private static String typeName(Object value) {
        return switch (value) {
            case String s -> "string";
            case Number n -> "number";
            case Boolean b -> "boolean";
            case Map<?, ?> m -> "object";
            case List<?> l -> "list";
            default -> value.getClass().getSimpleName();
        };
    }
}
