package dev.anchor.runtime.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container runtime's part of a task spec.
 *
 * @param image      the image reference, as the engine names it ({@code alpine:3.20}, {@code ghcr.io/x/y@sha256:...})
 * @param command    the command replacing the image's CMD (the ENTRYPOINT, if any, still runs it),
 *                   with the task's args appended; null keeps the image's CMD (or, with args, replaces it by them)
 * @param outputFile a normalised relative path under /output whose content is the output, or null
 *                   when stdout is the output
 */
record TaskPayload(String image, List<String> command, String outputFile) {

    TaskPayload {
        if (command != null) command = List.copyOf(command);
    }

    /**
     * Reads the payload.
     *
     * @throws IllegalArgumentException naming the field that is wrong and what was expected
     */
    static TaskPayload from(Map<String, Object> payload, List<String> args) {
        var image = payload.get("image");
        if (!(image instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException(image == null
                    ? "payload.image is missing; expected an image reference such as alpine:3.20"
                    : "payload.image is " + (image instanceof String ? "blank" : "a " + typeName(image)) + "; expected an image reference such as alpine:3.20");
        }
        if (name.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("payload.image is '" + name + "'; an image reference has no spaces or control characters");
        }
        return new TaskPayload(name, command(payload.get("command"), args), outputFile(payload.get("outputFile")));
    }

    private static List<String> command(Object raw, List<String> args) {
        var command = new ArrayList<String>();
        if (raw != null) {
            if (!(raw instanceof List<?> list)) {
                throw new IllegalArgumentException("payload.command is a " + typeName(raw) + "; expected the argv as a list of strings");
            }
            if (list.isEmpty()) throw new IllegalArgumentException("payload.command is empty; leave it out to run the image's own command");
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String argument)) {
                    throw new IllegalArgumentException("payload.command[" + i + "] is a " + typeName(list.get(i)) + "; expected a string");
                }
                command.add(noNul("payload.command[" + i + "]", argument));
            }
        }
        for (int i = 0; i < args.size(); i++) {
            command.add(noNul("args[" + i + "]", args.get(i)));
        }
        return raw == null && command.isEmpty() ? null : command;
    }

    private static String outputFile(Object raw) {
        if (raw == null) return null;
        if (!(raw instanceof String name)) {
            throw new IllegalArgumentException("payload.outputFile is a " + typeName(raw) + "; expected a relative path under /output");
        }
        var path = Path.of(noNul("payload.outputFile", name));
        boolean escapes = path.isAbsolute() || name.isBlank() || path.normalize().toString().isEmpty();
        for (var part : path) {
            escapes |= part.toString().equals("..");
        }
        if (escapes) {
            throw new IllegalArgumentException("payload.outputFile is '" + name
                    + "'; expected a relative path under /output, without '..'");
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
