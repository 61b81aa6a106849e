package dev.anchor.runtime.builtin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The libraries and their methods, with each method's params schema compiled once. Resolves a task's
 * payload to the method to call with params that match its schema. Immutable and thread-safe.
 */
final class MethodRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(BuiltinMethod method, JsonSchema schema) {}

    /** A method to call and its checked params. */
    record Call(BuiltinMethod method, Params params) {}

    private static final class Standard {
        static final MethodRegistry INSTANCE = new MethodRegistry(
                Stream.concat(CryptoLibrary.methods().stream(), ImageLibrary.methods().stream()).toList());
    }

    private final Map<String, Map<String, Entry>> libraries;

    MethodRegistry(List<BuiltinMethod> methods) {
        var factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        var byLibrary = new TreeMap<String, Map<String, Entry>>();
        for (var method : methods) {
            var entry = new Entry(method, factory.getSchema(method.schema()));
            var previous = byLibrary.computeIfAbsent(method.library(), name -> new TreeMap<>()).put(method.name(), entry);
            if (previous != null) throw new IllegalArgumentException(method.fullName() + " is registered twice");
        }
        byLibrary.replaceAll((name, library) -> java.util.Collections.unmodifiableMap(library));
        this.libraries = java.util.Collections.unmodifiableMap(byLibrary);
    }

    /** The libraries this runtime ships with: crypto and image. */
    static MethodRegistry standard() {
        return Standard.INSTANCE;
    }

    /**
     * Finds the method a payload names and checks its params.
     *
     * @param payload the task's payload: {@code library}, {@code method} and optionally {@code params}
     * @throws MethodFailure when the library or method is unknown or the params do not match
     */
    Call resolve(Map<String, Object> payload) {
        requireNonNull(payload, "payload is null");
        var libraryName = text(payload, "library", "builtin has: " + String.join(", ", libraries.keySet()));
        var library = libraries.get(libraryName);
        if (library == null) {
            throw new MethodFailure("unknown library " + libraryName + "; builtin has: " + String.join(", ", libraries.keySet()));
        }
        var methodName = text(payload, "method", libraryName + " has: " + String.join(", ", library.keySet()));
        var entry = library.get(methodName);
        if (entry == null) {
            throw new MethodFailure("unknown method " + libraryName + "." + methodName + "; " + libraryName + " has: "
                    + String.join(", ", library.keySet()));
        }
        var params = params(payload.get("params"));
        ParamSchema.check(entry.method(), entry.schema(), params);
        return new Call(entry.method(), new Params(params));
    }

    /** Library → method → params schema, as plain Java values; a fresh copy each call. */
    Map<String, Map<String, Map<String, Object>>> catalog() {
        var catalog = new LinkedHashMap<String, Map<String, Map<String, Object>>>();
        libraries.forEach((libraryName, library) -> {
            var methods = new LinkedHashMap<String, Map<String, Object>>();
            library.forEach((methodName, entry) -> methods.put(methodName, plain(entry.method().schema())));
            catalog.put(libraryName, methods);
        });
        return catalog;
    }

    /** Every method, in library then method order. */
    List<BuiltinMethod> methods() {
        var methods = new ArrayList<BuiltinMethod>();
        libraries.values().forEach(library -> library.values().forEach(entry -> methods.add(entry.method())));
        return methods;
    }

    private static String text(Map<String, Object> payload, String field, String choices) {
        var value = payload.get(field);
        if (value == null) throw new MethodFailure("payload." + field + ": is required; " + choices);
        if (!(value instanceof String text)) {
            throw new MethodFailure("payload." + field + ": must be a string, not " + jsonType(value));
        }
        return text;
    }

    private static ObjectNode params(Object value) {
        if (value == null) return JSON.createObjectNode();
        if (!(value instanceof Map<?, ?>)) {
            throw new MethodFailure("payload.params: must be an object, not " + jsonType(value));
        }
        try {
            return JSON.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new MethodFailure("payload.params: cannot be read as JSON (" + e.getMessage() + ")");
        }
    }

    private static String jsonType(Object value) {
        return switch (value) {
            case String text -> "a string";
            case Number number -> "a number";
            case Boolean flag -> "a boolean";
            case java.util.Collection<?> list -> "an array";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(ObjectNode schema) {
        return JSON.convertValue(schema, LinkedHashMap.class);
    }
}
