package dev.anchor.runtime.wasm;

import java.util.Arrays;

/** Builds a WebAssembly binary: bytes and LEB128 integers, growing as needed. Not thread-safe. */
final class WasmWriter {

    private byte[] buffer;
    private int size;

    WasmWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    WasmWriter() {
        this(64);
    }

    int size() {
        return size;
    }

    WasmWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    WasmWriter bytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    WasmWriter bytes(WasmWriter other) {
        return bytes(other.buffer, 0, other.size);
    }

    /** {@code length} bytes of what {@code other} holds, from {@code offset}. */
    WasmWriter bytes(WasmWriter other, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > other.size) {
            throw new IndexOutOfBoundsException(offset + "+" + length + " of " + other.size);
        }
        return bytes(other.buffer, offset, length);
    }

    WasmWriter u32(long value) {
        long rest = value & 0xFFFF_FFFFL;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            u8(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
        return this;
    }

    WasmWriter signed(long value) {
        long rest = value;
        while (true) {
            int b = (int) (rest & 0x7F);
            rest >>= 7;
            boolean done = (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) return this;
        }
    }

    /** A name: its UTF-8 length, then the bytes. */
    WasmWriter name(String name) {
        var utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        u32(utf8.length);
        return bytes(utf8, 0, utf8.length);
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
