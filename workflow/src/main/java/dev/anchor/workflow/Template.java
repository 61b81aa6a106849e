package dev.anchor.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A string with {@code ${{ EXPR }}} holes. Rendering evaluates each expression and writes strings as
 * they are and anything else as JSON. A string without holes renders to itself.
 */
public final class Template {
    private static final String OPEN = "${{";
    private static final String CLOSE = "}}";

    private final List<Object> parts;

    private Template(List<Object> parts) {
        this.parts = parts;
    }

    /** Parses the holes and compiles their expressions; throws {@link IllegalArgumentException} when one is bad. */
    public static Template parse(String text) {
        List<Object> parts = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = text.indexOf(OPEN, at);
            if (open < 0) {
                if (at < text.length()) parts.add(text.substring(at));
                return new Template(List.copyOf(parts));
            }
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) throw new IllegalArgumentException("'${{' at position " + open + " is never closed with '}}'");
            if (open > at) parts.add(text.substring(at, open));
            String source = text.substring(open + OPEN.length(), close).strip();
            if (source.isEmpty()) throw new IllegalArgumentException("empty expression at position " + open);
            parts.add(Expression.compile(source));
            at = close + CLOSE.length();
        }
    }

    public boolean isConstant() {
        return parts.stream().noneMatch(Expression.class::isInstance);
    }

    /** When the whole template is one hole, its expression (whose value may be a list, not only text). */
    public Expression soleExpression() {
        return parts.size() == 1 && parts.get(0) instanceof Expression expression ? expression : null;
    }

    public Set<String> referencedSteps() {
        Set<String> steps = new LinkedHashSet<>();
        for (Object part : parts) if (part instanceof Expression expression) steps.addAll(expression.referencedSteps());
        return steps;
    }

    public String render(Map<String, ?> variables) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Expression expression) out.append(text(expression.evaluate(variables)));
            else out.append((String) part);
        }
        return out.toString();
    }

    static String text(Object value) {
        if (value instanceof String string) return string;
        if (value instanceof com.google.protobuf.ByteString bytes) return bytes.toStringUtf8();
        try {
            return Json.mapper().writeValueAsString(Values.plain(value));
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
