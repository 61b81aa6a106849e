package dev.anchor.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A V8 guest's linear memory as Chicory's WASI functions see it: a view of the memory's
 * {@code ArrayBuffer}, swapped in before each host call (growing the memory detaches the previous
 * buffer, so a view is never kept past the call it was made for). Only what WASI host functions do
 * is supported; growing and initialising belong to V8. Used by one thread at a time.
 */
final class V8Memory implements Memory {

    private ByteBuffer buffer = ByteBuffer.allocate(0);

    void use(ByteBuffer view) {
        buffer = view.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    void release() {
        buffer = ByteBuffer.allocate(0);
    }

    private static WasmRuntimeException outOfBounds() {
        return new WasmRuntimeException("out of bounds memory access");
    }

    private int at(int address, int size) {
        if (address < 0 || (long) address + size > buffer.capacity()) throw outOfBounds();
        return address;
    }

    @Override
    public int pages() {
        return buffer.capacity() / PAGE_SIZE;
    }

    @Override
    public int grow(int pages) {
        throw new UnsupportedOperationException("V8 grows its own memory");
    }

    @Override
    public int initialPages() {
        return pages();
    }

    @Override
    public int maximumPages() {
        return pages();
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        return this;
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new UnsupportedOperationException("no threads");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new UnsupportedOperationException("no threads");
    }

    @Override
    public int notify(int address, int count) {
        throw new UnsupportedOperationException("no threads");
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {}

    @Override
    public void initPassiveSegment(int segment, int destination, int offset, int size) {
        throw new UnsupportedOperationException("V8 initialises its own memory");
    }

    @Override
    public void write(int address, byte[] data, int offset, int size) {
        buffer.put(at(address, size), data, offset, size);
    }

    @Override
    public byte read(int address) {
        return buffer.get(at(address, 1));
    }

    @Override
    public byte[] readBytes(int address, int length) {
        var bytes = new byte[length];
        buffer.get(at(address, length), bytes);
        return bytes;
    }

    @Override
    public void writeI32(int address, int value) {
        buffer.putInt(at(address, 4), value);
    }

    @Override
    public int readInt(int address) {
        return buffer.getInt(at(address, 4));
    }

    @Override
    public void writeLong(int address, long value) {
        buffer.putLong(at(address, 8), value);
    }

    @Override
    public long readLong(int address) {
        return buffer.getLong(at(address, 8));
    }

    @Override
    public void writeShort(int address, short value) {
        buffer.putShort(at(address, 2), value);
    }

    @Override
    public short readShort(int address) {
        return buffer.getShort(at(address, 2));
    }

    @Override
    public long readU16(int address) {
        return Short.toUnsignedLong(readShort(address));
    }

    @Override
    public void writeByte(int address, byte value) {
        buffer.put(at(address, 1), value);
    }

    @Override
    public void writeF32(int address, float value) {
        buffer.putFloat(at(address, 4), value);
    }

    @Override
    public long readF32(int address) {
        return readInt(address);
    }

    @Override
    public float readFloat(int address) {
        return buffer.getFloat(at(address, 4));
    }

    @Override
    public void writeF64(int address, double value) {
        buffer.putDouble(at(address, 8), value);
    }

    @Override
    public double readDouble(int address) {
        return buffer.getDouble(at(address, 8));
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public void zero() {
        fill((byte) 0, 0, buffer.capacity());
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        at(fromIndex, toIndex - fromIndex);
        for (int i = fromIndex; i < toIndex; i++) buffer.put(i, value);
    }

    @Override
    public void drop(int segment) {}
}
