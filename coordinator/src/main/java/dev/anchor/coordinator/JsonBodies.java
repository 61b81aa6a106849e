package dev.anchor.coordinator;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies: bounded in size whatever the Content-Length says, strictly parsed, and every
 * failure turned into a 4xx that says what was wrong and where.
 */
final class JsonBodies {
    private final long maxBytes;

    JsonBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new AnchorException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "request body must be application/json, not " + contentType);
        }
        byte[] body = readBounded(ctx, maxBytes);
        if (body.length == 0) throw new AnchorException(ErrorCode.MALFORMED_JSON, "request body is empty; expected a JSON object");
        return parse(body, type);
    }

    static byte[] readBounded(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge(maxBytes);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) throw tooLarge(maxBytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AnchorException tooLarge(long maxBytes) {
        return new AnchorException(ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than the limit of " + maxBytes + " bytes",
                Map.of("limit", maxBytes));
    }

    static <T> T parse(byte[] body, Class<T> type) {
        try {
            // Reading the whole tree first applies the depth and duplicate-key rules to every byte,
            // even where binding would have stopped early at a type mismatch.
            var tree = Json.mapper().readTree(body);
            if (tree == null || tree.isMissingNode()) throw new AnchorException(ErrorCode.MALFORMED_JSON, "request body holds no JSON value");
            return Json.mapper().treeToValue(tree, type);
        } catch (StreamConstraintsException e) {
            throw new AnchorException(ErrorCode.MALFORMED_JSON, "JSON nests deeper than " + Json.MAX_DEPTH + " levels");
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw new AnchorException(ErrorCode.INVALID_FIELD, field + ": unknown field; expected one of "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")),
                    Map.of("field", field));
        } catch (JsonMappingException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StreamConstraintsException) {
                    throw new AnchorException(ErrorCode.MALFORMED_JSON, "JSON nests deeper than " + Json.MAX_DEPTH + " levels");
                }
                if (cause instanceof JsonParseException parse) throw malformed(parse);
            }
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unexpected end-of-input")) {
                throw new AnchorException(ErrorCode.MALFORMED_JSON, "malformed JSON: the document ends early (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            }
            String field = path(e);
            if (field.isEmpty()) throw new AnchorException(ErrorCode.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
            throw new AnchorException(ErrorCode.INVALID_FIELD, field + ": " + firstLine(e.getOriginalMessage()), Map.of("field", field));
        } catch (JsonParseException e) {
            throw malformed(e);
        } catch (JsonProcessingException e) {
            throw new AnchorException(ErrorCode.MALFORMED_JSON, "malformed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AnchorException malformed(JsonParseException e) {
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return new AnchorException(ErrorCode.MALFORMED_JSON, "malformed JSON: " + firstLine(e.getOriginalMessage()) + where);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) return "invalid value";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
