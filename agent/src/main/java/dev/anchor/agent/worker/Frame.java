package dev.anchor.agent.worker;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.anchor.api.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One message between the agent and a worker: a JSON header (its {@code type} says which message)
 * and raw byte blobs (code, input, output) that would be wasteful as base64.
 *
 * <p>On the wire: {@code int headerLength, header (UTF-8 JSON), int blobCount, (int length, bytes)*},
 * all integers big-endian. Types: INIT (agent: runtime names and options) → READY (worker: the
 * runtimes it loaded); RUN (agent: one task; blobs code, input) → LOG* → RESULT (blob output);
 * CANCEL (agent: stop the current run; a RESULT still follows).
 */
record Frame(Map<String, Object> header, List<byte[]> blobs) {
    static final String INIT = "INIT";
    static final String READY = "READY";
    static final String RUN = "RUN";
    static final String LOG = "LOG";
    static final String RESULT = "RESULT";
    static final String CANCEL = "CANCEL";

    private static final int MAX_HEADER = 16 << 20;
    private static final int MAX_BLOBS = 8;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    Frame {
        requireNonNull(header, "header is null");
        if (!(header.get("type") instanceof String)) throw new IllegalArgumentException("a frame's header needs a type");
        blobs = List.copyOf(blobs);
    }

    static Frame of(Map<String, Object> header, byte[]... blobs) {
        return new Frame(header, List.of(blobs));
    }

    String type() {
        return (String) header.get("type");
    }

    String text(String field) {
        Object value = header.get(field);
        return value == null ? null : value.toString();
    }

    long number(String field) {
        Object value = header.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }

    byte[] blob(int index) {
        return index < blobs.size() ? blobs.get(index) : new byte[0];
    }

    /** Writes the frame and flushes. Not thread-safe: callers serialise writes to one stream. */
    void write(DataOutputStream out) throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(header);
        out.writeInt(json.length);
        out.write(json);
        out.writeInt(blobs.size());
        for (byte[] blob : blobs) {
            out.writeInt(blob.length);
            out.write(blob);
        }
        out.flush();
    }

    /** Reads one frame; throws {@link EOFException} when the stream ended between frames or inside one. */
    static Frame read(DataInputStream in) throws IOException {
        int headerLength = in.readInt();
        if (headerLength < 0 || headerLength > MAX_HEADER) throw new IOException("frame header of " + headerLength + " bytes");
        byte[] json = in.readNBytes(headerLength);
        if (json.length < headerLength) throw new EOFException("stream ended inside a frame header");
        int count = in.readInt();
        if (count < 0 || count > MAX_BLOBS) throw new IOException("frame with " + count + " blobs");
        List<byte[]> blobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.readInt();
            if (length < 0) throw new IOException("blob of " + length + " bytes");
            byte[] blob = in.readNBytes(length);
            if (blob.length < length) throw new EOFException("stream ended inside a frame blob");
            blobs.add(blob);
        }
        return new Frame(Json.mapper().readValue(json, MAP), blobs);
    }
}
