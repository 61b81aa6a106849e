package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

/**
 * Reads a WebAssembly binary: bytes and LEB128 integers from a window of an array. Every read past
 * the window's end throws {@link MalformedModuleException}, so a truncated module never reads
 * garbage. Not thread-safe.
 */
final class WasmReader {

    private final byte[] bytes;
    private final int end;
    private int position;

    WasmReader(byte[] bytes, int start, int end) {
        this.bytes = requireNonNull(bytes, "bytes is null");
        if (start < 0 || end > bytes.length || start > end) {
            throw new IllegalArgumentException("window " + start + ".." + end + " is outside " + bytes.length + " bytes");
        }
        this.position = start;
        this.end = end;
    }

    WasmReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= end;
    }

    byte[] array() {
        return bytes;
    }

    int u8() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    void skip(int count) {
        need(count);
        position += count;
    }

    /** An unsigned LEB128 integer of at most 32 bits. */
    int u32() {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (result > 0xFFFF_FFFFL) throw new MalformedModuleException("u32 out of range at " + position);
                return (int) result;
            }
        }
        throw new MalformedModuleException("u32 longer than 5 bytes at " + position);
    }

    /** A u32 that is used as a count or an index and so must fit a non-negative int. */
    int index() {
        int value = u32();
        if (value < 0) throw new MalformedModuleException("index or count too large at " + position);
        return value;
    }

    /** A signed LEB128 integer of at most {@code bits} bits (32, 33 or 64). */
    long signed(int bits) {
        long result = 0;
        int shift = 0;
        int b;
        int maxBytes = (bits + 6) / 7;
        for (int i = 0; ; i++) {
            if (i == maxBytes) throw new MalformedModuleException("s" + bits + " too long at " + position);
            b = u8();
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) break;
        }
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    private void need(int count) {
        if (count < 0 || end - position < count) {
            throw new MalformedModuleException("unexpected end of module at byte " + position);
        }
    }
}
