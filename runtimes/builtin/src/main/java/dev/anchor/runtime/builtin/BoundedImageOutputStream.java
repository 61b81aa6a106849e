package dev.anchor.runtime.builtin;

import java.io.IOException;
import java.util.Arrays;
import javax.imageio.stream.ImageOutputStreamImpl;

/**
 * An in-memory, seekable image output stream that refuses to grow past a cap, so that encoding an
 * image that would break {@code limits.maxOutputBytes} stops there instead of first building the
 * whole file. (ImageIO's own memory stream has no cap, and its file cache touches the disk.)
 */
final class BoundedImageOutputStream extends ImageOutputStreamImpl {

    /** Thrown from a write that would pass the cap. */
    static final class CapExceeded extends IOException {
        CapExceeded(long cap) {
            super("output limit of " + cap + " bytes exceeded");
        }
    }

    private final long cap;
    private byte[] buffer = new byte[8192];
    private int length;

    BoundedImageOutputStream(long cap) {
        this.cap = cap;
    }

    @Override
    public void write(int b) throws IOException {
        flushBits();
        ensure(streamPos + 1);
        buffer[(int) streamPos++] = (byte) b;
        length = Math.max(length, (int) streamPos);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        flushBits();
        ensure(streamPos + count);
        System.arraycopy(bytes, offset, buffer, (int) streamPos, count);
        streamPos += count;
        length = Math.max(length, (int) streamPos);
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        return streamPos < length ? buffer[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (streamPos >= length) return -1;
        int n = (int) Math.min(count, length - streamPos);
        System.arraycopy(buffer, (int) streamPos, bytes, offset, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    /** What was written, trimmed to its length. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    private void ensure(long end) throws IOException {
        checkClosed();
        if (end > cap) throw new CapExceeded(cap);
        if (end > Integer.MAX_VALUE - 16) throw new IOException("an encoded image cannot exceed 2 GiB");
        if (end > buffer.length) {
            long grown = Math.max(end, Math.min((long) buffer.length * 2, Integer.MAX_VALUE - 16L));
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, cap));
        }
    }
}
