package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;

/**
 * A guest's linear memory whose maximum was lowered to the task's memory cap, remembering whether
 * the cap (rather than the module's own maximum) ever refused a {@code memory.grow}: that is how a
 * later failure is explained as "memory limit reached".
 *
 * <p>Everything else is plain delegation to {@link ByteArrayMemory}, which is final; this file is
 * long only because {@link Memory} is wide. The JIT inlines the extra call, as there is one Memory
 * class on the guest's hot paths.
 */
final class CappedMemory implements Memory {

    private final ByteArrayMemory delegate;
    private final int declaredMaximumPages;
    private boolean capRefusedGrowth;

    /**
     * @param delegate             the memory, its maximum already lowered to the cap
     * @param declaredMaximumPages the maximum the module itself declared
     */
    CappedMemory(ByteArrayMemory delegate, int declaredMaximumPages) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.declaredMaximumPages = declaredMaximumPages;
    }

    /** Whether a grow failed that the module's own maximum would have allowed. */
    boolean capRefusedGrowth() {
        return capRefusedGrowth;
    }

    @Override
    public int grow(int pages) {
        int previous = delegate.grow(pages);
        if (previous == -1 && pages > 0 && (long) delegate.pages() + pages <= declaredMaximumPages) {
            capRefusedGrowth = true;
        }
        return previous;
    }

    @Override
    public int pages() {
        return delegate.pages();
    }

    @Override
    public int initialPages() {
        return delegate.initialPages();
    }

    @Override
    public int maximumPages() {
        return delegate.maximumPages();
    }

    @Override
    public boolean shared() {
        return delegate.shared();
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        delegate.initialize(instance, segments);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        delegate.initialize(instance, segments, memoryIndex);
    }

    @Override
    public void initPassiveSegment(int segment, int destination, int offset, int size) {
        delegate.initPassiveSegment(segment, destination, offset, size);
    }

    @Override
    public void write(int address, byte[] data, int offset, int size) {
        delegate.write(address, data, offset, size);
    }

    @Override
    public byte read(int address) {
        return delegate.read(address);
    }

    @Override
    public byte[] readBytes(int address, int length) {
        return delegate.readBytes(address, length);
    }

    @Override
    public void writeI32(int address, int value) {
        delegate.writeI32(address, value);
    }

    @Override
    public int readInt(int address) {
        return delegate.readInt(address);
    }

    @Override
    public void writeLong(int address, long value) {
        delegate.writeLong(address, value);
    }

    @Override
    public long readLong(int address) {
        return delegate.readLong(address);
    }

    @Override
    public void writeShort(int address, short value) {
        delegate.writeShort(address, value);
    }

    @Override
    public short readShort(int address) {
        return delegate.readShort(address);
    }

    @Override
    public long readU16(int address) {
        return delegate.readU16(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        delegate.writeByte(address, value);
    }

    @Override
    public void writeF32(int address, float value) {
        delegate.writeF32(address, value);
    }

    @Override
    public long readF32(int address) {
        return delegate.readF32(address);
    }

    @Override
    public float readFloat(int address) {
        return delegate.readFloat(address);
    }

    @Override
    public void writeF64(int address, double value) {
        delegate.writeF64(address, value);
    }

    @Override
    public double readDouble(int address) {
        return delegate.readDouble(address);
    }

    @Override
    public long readF64(int address) {
        return delegate.readF64(address);
    }

    @Override
    public void zero() {
        delegate.zero();
    }

    @Override
    public void fill(byte value, int from, int to) {
        delegate.fill(value, from, to);
    }

    @Override
    public void copy(int destination, int source, int size) {
        delegate.copy(destination, source, size);
    }

    @Override
    public void drop(int segment) {
        delegate.drop(segment);
    }

    @Override
    public void atomicFence() {
        delegate.atomicFence();
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return delegate.lock(address);
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        return delegate.waitOn(address, expected, timeout);
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        return delegate.waitOn(address, expected, timeout);
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return delegate.notify(address, maxThreads);
    }

    @Override
    public byte atomicAddByte(int address, byte value) {
        return delegate.atomicAddByte(address, value);
    }

    @Override
    public byte atomicAndByte(int address, byte value) {
        return delegate.atomicAndByte(address, value);
    }

    @Override
    public byte atomicOrByte(int address, byte value) {
        return delegate.atomicOrByte(address, value);
    }

    @Override
    public byte atomicXorByte(int address, byte value) {
        return delegate.atomicXorByte(address, value);
    }

    @Override
    public byte atomicXchgByte(int address, byte value) {
        return delegate.atomicXchgByte(address, value);
    }

    @Override
    public byte atomicCmpxchgByte(int address, byte expected, byte replacement) {
        return delegate.atomicCmpxchgByte(address, expected, replacement);
    }

    @Override
    public byte atomicReadByte(int address) {
        return delegate.atomicReadByte(address);
    }

    @Override
    public void atomicWriteByte(int address, byte value) {
        delegate.atomicWriteByte(address, value);
    }

    @Override
    public int atomicAddInt(int address, int value) {
        return delegate.atomicAddInt(address, value);
    }

    @Override
    public int atomicAndInt(int address, int value) {
        return delegate.atomicAndInt(address, value);
    }

    @Override
    public int atomicOrInt(int address, int value) {
        return delegate.atomicOrInt(address, value);
    }

    @Override
    public int atomicXorInt(int address, int value) {
        return delegate.atomicXorInt(address, value);
    }

    @Override
    public int atomicXchgInt(int address, int value) {
        return delegate.atomicXchgInt(address, value);
    }

    @Override
    public int atomicCmpxchgInt(int address, int expected, int replacement) {
        return delegate.atomicCmpxchgInt(address, expected, replacement);
    }

    @Override
    public int atomicReadInt(int address) {
        return delegate.atomicReadInt(address);
    }

    @Override
    public void atomicWriteInt(int address, int value) {
        delegate.atomicWriteInt(address, value);
    }

    @Override
    public long atomicAddLong(int address, long value) {
        return delegate.atomicAddLong(address, value);
    }

    @Override
    public long atomicAndLong(int address, long value) {
        return delegate.atomicAndLong(address, value);
    }

    @Override
    public long atomicOrLong(int address, long value) {
        return delegate.atomicOrLong(address, value);
    }

    @Override
    public long atomicXorLong(int address, long value) {
        return delegate.atomicXorLong(address, value);
    }

    @Override
    public long atomicXchgLong(int address, long value) {
        return delegate.atomicXchgLong(address, value);
    }

    @Override
    public long atomicCmpxchgLong(int address, long expected, long replacement) {
        return delegate.atomicCmpxchgLong(address, expected, replacement);
    }

    @Override
    public long atomicReadLong(int address) {
        return delegate.atomicReadLong(address);
    }

    @Override
    public void atomicWriteLong(int address, long value) {
        delegate.atomicWriteLong(address, value);
    }

    @Override
    public short atomicAddShort(int address, short value) {
        return delegate.atomicAddShort(address, value);
    }

    @Override
    public short atomicAndShort(int address, short value) {
        return delegate.atomicAndShort(address, value);
    }

    @Override
    public short atomicOrShort(int address, short value) {
        return delegate.atomicOrShort(address, value);
    }

    @Override
    public short atomicXorShort(int address, short value) {
        return delegate.atomicXorShort(address, value);
    }

    @Override
    public short atomicXchgShort(int address, short value) {
        return delegate.atomicXchgShort(address, value);
    }

    @Override
    public short atomicCmpxchgShort(int address, short expected, short replacement) {
        return delegate.atomicCmpxchgShort(address, expected, replacement);
    }

    @Override
    public short atomicReadShort(int address) {
        return delegate.atomicReadShort(address);
    }

    @Override
    public void atomicWriteShort(int address, short value) {
        delegate.atomicWriteShort(address, value);
    }
}
