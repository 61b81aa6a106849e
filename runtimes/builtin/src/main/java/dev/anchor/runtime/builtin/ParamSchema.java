package dev.anchor.runtime.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Builds the JSON Schema (draft 2020-12) of a method's params, and turns a schema validator's
 * findings into reasons that name the param: {@code params.width: must be at least 1}.
 *
 * <p>Schemas are written in code rather than kept as resources so that each method's schema sits
 * next to the code that reads its params. Every schema is a closed object: unknown params are an
 * error, as a misspelt optional param would otherwise be silently ignored.
 */
final class ParamSchema {

    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_REASONS = 3;

    private final ObjectNode root = JSON.objectNode();
    private final ObjectNode properties = JSON.objectNode();
    private final ArrayNode required = JSON.arrayNode();

    private ParamSchema(String description) {
        root.put("$schema", DIALECT);
        root.put("description", description);
        root.put("type", "object");
    }

    /** A schema for a method that does what the description says. */
    static ParamSchema describing(String description) {
        return new ParamSchema(description);
    }

    ParamSchema integer(String name, long minimum, long maximum, String description) {
        return require(name, integerNode(minimum, maximum, description));
    }

    ParamSchema optionalInteger(String name, long minimum, long maximum, long fallback, String description) {
        var node = integerNode(minimum, maximum, description);
        node.put("default", fallback);
        return add(name, node);
    }

    ParamSchema number(String name, double minimum, double maximum, String description) {
        var node = property("number", description);
        putNumber(node, "minimum", minimum);
        putNumber(node, "maximum", maximum);
        return require(name, node);
    }

    ParamSchema optionalBoolean(String name, boolean fallback, String description) {
        var node = property("boolean", description);
        node.put("default", fallback);
        return add(name, node);
    }

    ParamSchema base64(String name, String description) {
        return require(name, base64Node(description));
    }

    ParamSchema optionalBase64(String name, String description) {
        return add(name, base64Node(description));
    }

    /** An optional string that must be one of {@code values}; absent means what the description says. */
    ParamSchema optionalChoice(String name, List<String> values, String description) {
        var node = property("string", description);
        var choices = node.putArray("enum");
        values.forEach(choices::add);
        return add(name, node);
    }

    /** The finished schema; later changes to this builder do not reach it. */
    ObjectNode build() {
        var schema = root.deepCopy();
        schema.set("properties", properties.deepCopy());
        if (!required.isEmpty()) schema.set("required", required.deepCopy());
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * Checks params against a method's compiled schema.
     *
     * @throws MethodFailure naming the first few params at fault, in the order of their paths
     */
    static void check(BuiltinMethod method, JsonSchema compiled, JsonNode params) {
        var findings = compiled.validate(params);
        if (findings.isEmpty()) return;
        // One reason per param (0.5 for an integer >= 1 is first of all not an integer), in path order.
        var byParam = new TreeMap<String, String>();
        for (var finding : findings) {
            var param = finding.getInstanceLocation() + (finding.getProperty() == null ? "" : "." + finding.getProperty());
            byParam.putIfAbsent(param, reason(method, finding));
        }
        throw new MethodFailure(byParam.values().stream().limit(MAX_REASONS).collect(Collectors.joining("; ")));
    }

    private static String reason(BuiltinMethod method, ValidationMessage finding) {
        var path = "params" + finding.getInstanceLocation().toString().substring(1);
        var limit = finding.getSchemaNode();
        return switch (finding.getType()) {
            case "required" -> path + "." + finding.getProperty() + ": is required";
            case "additionalProperties" -> path + "." + finding.getProperty() + ": is not a param of "
                    + method.fullName() + "; " + accepted(method);
            case "minimum" -> path + ": must be at least " + limit.asText();
            case "maximum" -> path + ": must be at most " + limit.asText();
            case "enum" -> path + ": must be one of " + StreamSupport.stream(limit.spliterator(), false)
                    .map(JsonNode::asText).collect(Collectors.joining(", "));
            case "type" -> path + ": must be " + withArticle(String.valueOf(finding.getArguments()[1]))
                    + ", not " + withArticle(String.valueOf(finding.getArguments()[0]));
            default -> path + ": " + finding.getError();
        };
    }

    private static String accepted(BuiltinMethod method) {
        var names = new ArrayList<String>();
        method.schema().path("properties").fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "it takes no params" : "it takes " + String.join(", ", names);
    }

    private static String withArticle(String type) {
        return switch (type) {
            case "integer", "object", "array" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    private ParamSchema require(String name, ObjectNode node) {
        required.add(name);
        return add(name, node);
    }

    private ParamSchema add(String name, ObjectNode node) {
        if (properties.has(name)) throw new IllegalStateException("param " + name + " declared twice");
        properties.set(name, node);
        return this;
    }

    private static ObjectNode integerNode(long minimum, long maximum, String description) {
        var node = property("integer", description);
        node.put("minimum", minimum);
        node.put("maximum", maximum);
        return node;
    }

    private static ObjectNode base64Node(String description) {
        var node = property("string", description);
        node.put("contentEncoding", "base64");
        return node;
    }

    private static ObjectNode property(String type, String description) {
        var node = JSON.objectNode();
        node.put("type", type);
        node.put("description", description);
        return node;
    }

    private static void putNumber(ObjectNode node, String keyword, double value) {
        // Whole numbers are written as integers so that reasons read "at most 10", not "10.0".
        if (value == Math.rint(value)) node.put(keyword, (long) value);
        else node.put(keyword, value);
    }
}
