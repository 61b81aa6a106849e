package dev.anchor.runtime.wasm;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The guest's stdout: kept in memory up to the task's output limit. A write past the limit keeps
 * what still fits (shown as partial output) and stops the guest. Used by one guest thread only.
 */
final class BoundedOutput extends OutputStream {

    /** The largest array a JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final long limit;
    private final int capacityLimit;
    private byte[] buffer = new byte[256];
    private int size;

    BoundedOutput(long limit) {
        if (limit <= 0) throw new IllegalArgumentException("limit must be positive");
        this.limit = limit;
        this.capacityLimit = (int) Math.min(limit, MAX_ARRAY);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        int room = capacityLimit - size;
        if (length > room) {
            append(bytes, offset, room);
            throw new LimitExceededException("output limit of " + limit + " bytes exceeded");
        }
        append(bytes, offset, length);
    }

    private void append(byte[] bytes, int offset, int length) {
        if (size + length > buffer.length) {
            long doubled = Math.max((long) buffer.length * 2, (long) size + length);
            buffer = Arrays.copyOf(buffer, (int) Math.min(doubled, capacityLimit));
        }
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }
}
