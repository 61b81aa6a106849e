package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Rewrites one function body to charge fuel, for {@link FuelInstrumenter}. Reads the body twice:
 * {@link #scan()} finds which blocks are branch targets and whom the function calls, then
 * {@link #rewrite} writes the metered body.
 *
 * <p>The cost model: every instruction of the original body costs 1. The body is cut into
 * <em>regions</em> at the points where control can arrive other than by falling through: the
 * function entry, the top of each {@code loop}, the start of each {@code if} arm and {@code else}
 * arm, after the {@code end} of an {@code if} and of a {@code block} that some branch targets, and
 * after a {@code br_if} back to a loop (the loop's exit). A region's whole cost is charged when it
 * starts, whether or not a {@code br_if}, {@code br_table}, {@code return} or trap leaves it early;
 * calls do not end a region. Code that can never run (after an unconditional branch) is free. On
 * top, by the size operand: {@code memory.grow} 1024 per page; {@code memory.fill},
 * {@code memory.copy}, {@code memory.init} 1 per 64 bytes; {@code table.grow}, {@code table.fill},
 * {@code table.copy}, {@code table.init} 1 per element. Only the instructions' positions and
 * operands decide the fuel, never the engine.
 *
 * <p>Why regions and not straight-line blocks: every charge is code that Chicory turns into JVM
 * bytecode, and HotSpot's C2 stops inlining in a method once the method and what it has inlined
 * exceed 8,000 bytecodes ({@code DesiredMethodLimit}), after which every memory access in the
 * rest of a large function becomes a real call. So the rewrite adds as little code as it can: one
 * short charge per region ({@code fuel -= n; if fuel < 0 branch to the function's one trap}),
 * {@code return} turned into a branch to the single epilogue.
 *
 * <p>The fuel left and the calls still allowed (the depth) live in locals while the function runs.
 * A function that only the module's own direct calls reach ({@code passing}) receives both as two
 * extra parameters, appended to its own, and returns its fuel left as one more result, after its
 * own; a call between two such functions touches no global. Any other function (exported, the
 * start function, one an indirect call or a tail call may reach) reads both from the fuel and depth
 * globals on entry and writes the fuel global back when it returns; a caller writes both globals
 * before calling it and reads the fuel global after. The fuel global is also written before a call
 * of an import (so that it is current if the import ends the run), on {@code unreachable} and
 * when the fuel or the depth runs out. A function that counts against the call depth
 * bound ({@code countDepth}) traps on entry when the depth is 0, first setting the depth global to
 * -1 for the host to tell, and otherwise passes one less to its callees. Chicory reaches globals
 * through several calls and checks, so every global access saved counts on call-heavy code.
 * Not thread-safe; used once.
 */
final class FunctionMeter {

    static final int GROW_PAGE_SHIFT = 10;
    static final int BULK_BYTES_SHIFT = 6;

    private static final int BLOCK = 0;
    private static final int LOOP = 1;
    private static final int IF = 2;

    /**
     * An {@code if} with fewer instructions than this outside the loops in it does not cut the
     * region it is in: its arms are charged with that region, run or not.
     */
    static final int MERGED_CONSTRUCT_MAX = 16;

    private final byte[] module;
    private final int start;
    private final int end;
    private final int fuelGlobal;
    private final int depthGlobal;
    private final int growFunction;
    private final int importedFunctions;
    private final int self;

    // The instruction decode() read last.
    private WasmReader in;
    private int op;
    private int instructionStart;
    private int index;
    private int[] labels = new int[8];
    private int labelCount;

    // What scan() found, per block, loop and if in the order they open.
    private boolean[] targeted = new boolean[16];
    private boolean[] merged = new boolean[16];
    /** Per block ordinal of a loop, the instruction (counted from 1) of the last branch back to it. */
    private int[] lastBackEdge = new int[16];
    private int[] callees = new int[8];
    private int calleeCount;
    private boolean callsIndirectly;
    private boolean tailCalls;
    private int[] referenced = new int[0];
    private boolean scanned;

    // The state of rewrite().
    private WasmWriter out;
    /** The body's code, without the charges; each region's charge goes in at its slot. */
    private final WasmWriter region = new WasmWriter(256);
    private int[] slotPosition = new int[16];
    private long[] regionCost = new long[16];
    private int[] regionDepth = new int[16];
    private boolean[] regionChecked = new boolean[16];
    private int regions;
    private int current;
    private int fuelLocal;
    private int scratchLocal;
    private int depthLocal;
    private boolean dead;
    private int depth;
    private boolean[] passing;
    private boolean takesFuel;
    private int params;
    private int[] kinds = new int[16];
    private int[] ordinals = new int[16];
    private boolean[] entryLive = new boolean[16];
    private int[] openRegion = new int[16];

    /**
     * @param module the module's bytes; the body is {@code module[start, end)}
     * @param self   the function's index among the defined functions (not counting imports)
     */
    FunctionMeter(byte[] module, int start, int end, Globals globals, int self) {
        this.module = requireNonNull(module, "module is null");
        this.self = self;
        this.start = start;
        this.end = end;
        this.fuelGlobal = globals.fuel();
        this.depthGlobal = globals.depth();
        this.growFunction = globals.growFunction();
        this.importedFunctions = globals.importedFunctions();
    }

    /**
     * Where the metering state lives: the fuel and depth globals, the capped grow function (-1:
     * none), and how many functions are imported (calls to them need no reload of the fuel).
     */
    record Globals(int fuel, int depth, int growFunction, int importedFunctions) {}

    /** Reads the body once: branch targets and callees. Validates what the rewrite relies on. */
    void scan() {
        in = new WasmReader(module, start, end);
        skipLocals();
        int blocks = 0;
        int instructions = 0;
        // The open blocks' ordinals (the function's own label is -1), where each opened, and
        // whether a loop is inside.
        int[] open = new int[16];
        int[] opened = new int[16];
        int[] inLoops = new int[16];
        boolean[] isLoop = new boolean[16];
        int openCount = 1;
        open[0] = -1;
        while (openCount > 0) {
            decode();
            instructions++;
            switch (op) {
                case 0x02, 0x03, 0x04 -> {
                    if (openCount == open.length) {
                        open = Arrays.copyOf(open, openCount * 2);
                        opened = Arrays.copyOf(opened, openCount * 2);
                        inLoops = Arrays.copyOf(inLoops, openCount * 2);
                        isLoop = Arrays.copyOf(isLoop, openCount * 2);
                    }
                    if (blocks == targeted.length) {
                        targeted = Arrays.copyOf(targeted, blocks * 2);
                        merged = Arrays.copyOf(merged, blocks * 2);
                        lastBackEdge = Arrays.copyOf(lastBackEdge, blocks * 2);
                    }
                    opened[openCount] = instructions;
                    inLoops[openCount] = 0;
                    isLoop[openCount] = op == 0x03;
                    open[openCount++] = blocks++;
                }
                case 0x0B -> {
                    openCount--;
                    if (openCount > 0) {
                        int size = instructions - opened[openCount];
                        merged[open[openCount]] = size - inLoops[openCount] < MERGED_CONSTRUCT_MAX;
                        inLoops[openCount - 1] += isLoop[openCount] ? size : inLoops[openCount];
                    }
                }
                case 0x0C, 0x0D -> target(open, isLoop, openCount, index, instructions);
                case 0x0E -> {
                    for (int i = 0; i < labelCount; i++) target(open, isLoop, openCount, labels[i], instructions);
                }
                case 0x10, 0x12 -> {
                    if (calleeCount == callees.length) callees = Arrays.copyOf(callees, calleeCount * 2);
                    callees[calleeCount++] = index;
                    if (op == 0x12) {
                        tailCalls = true;
                        referenced = Arrays.copyOf(referenced, referenced.length + 1);
                        referenced[referenced.length - 1] = index;
                    }
                }
                case 0x11 -> callsIndirectly = true;
                case 0x13 -> {
                    callsIndirectly = true;
                    tailCalls = true;
                }
                case 0xD2 -> {
                    referenced = Arrays.copyOf(referenced, referenced.length + 1);
                    referenced[referenced.length - 1] = index;
                }
                default -> {}
            }
        }
        if (!in.atEnd()) throw new MalformedModuleException("bytes after the end of a function body");
        scanned = true;
    }

    private void target(int[] open, boolean[] isLoop, int openCount, int label, int instruction) {
        if (label >= openCount) throw new MalformedModuleException("branch to label " + label + " outside the function");
        int frame = openCount - 1 - label;
        int ordinal = open[frame];
        if (ordinal >= 0) targeted[ordinal] = true;
        if (isLoop[frame]) lastBackEdge[ordinal] = instruction;
    }

    /** The functions this one calls directly (after {@link #scan()}). */
    int[] callees() {
        return Arrays.copyOf(callees, calleeCount);
    }

    /**
     * The functions this one names with {@code ref.func} or calls with {@code return_call}
     * (after {@link #scan()}): they keep their type, since a tail call needs the callee's results
     * to be the caller's.
     */
    int[] referencedFunctions() {
        return referenced.clone();
    }

    /** Whether this function makes tail calls, so must keep its type (after {@link #scan()}). */
    boolean tailCalls() {
        return tailCalls;
    }

    /** Whether this function makes indirect calls (after {@link #scan()}). */
    boolean callsIndirectly() {
        return callsIndirectly;
    }

    /**
     * Writes the metered body (its size is not included) to {@code to}.
     *
     * @param params     how many parameters the function has
     * @param blockType  the function's result type as a block type: -64 for none, a value type's
     *                   code less 128, or a type index
     * @param countDepth whether the function counts against the call depth bound
     * @param passing    per defined function, whether it takes the fuel and the depth as its last
     *                   two parameters (i64, i32) rather than from the globals; this one included
     */
    void rewrite(WasmWriter to, int params, long blockType, boolean countDepth, boolean[] passing) {
        if (!scanned) throw new IllegalStateException("scan() first");
        out = requireNonNull(to, "to is null");
        this.passing = requireNonNull(passing, "passing is null");
        this.params = params;
        in = new WasmReader(module, start, end);
        rewriteLocals();
        prologue(blockType, countDepth);
        depth = 1;
        kinds[0] = BLOCK;
        ordinals[0] = -1;
        entryLive[0] = true;
        cut(true);
        int blocks = 0;
        int instructions = 0;
        while (depth > 0) {
            decode();
            instructions++;
            if (!dead) regionCost[current]++;
            switch (op) {
                case 0x00 -> { sync(region); copy(); dead = true; } // unreachable: the fuel used goes with it
                case 0x02, 0x03, 0x04 -> { // block, loop, if
                    copy();
                    int ordinal = blocks++;
                    push(op == 0x02 ? BLOCK : op == 0x03 ? LOOP : IF, ordinal);
                    if (op == 0x03 || op == 0x04 && !merged[ordinal]) cut(op == 0x03);
                }
                case 0x05 -> { // else
                    copy();
                    // A merged if's else arm is paid for by the region the if is in, like its
                    // then arm (whatever region the then arm ended in does not lead here).
                    if (merged[ordinals[depth - 1]]) {
                        current = openRegion[depth - 1];
                    } else {
                        cut(false);
                    }
                    dead = !entryLive[depth - 1];
                }
                case 0x0B -> end();
                case 0x0C -> { copy(); dead = true; } // br
                case 0x0D -> { // br_if
                    copy();
                    int target = depth - 1 - index;
                    if (kinds[target] == LOOP) {
                        if (instructions == lastBackEdge[ordinals[target]] && innermostLoop(target)) {
                            // The loop's last way back: what follows runs once per run of the
                            // loop (no loop inside it repeats it), so the region the loop is in
                            // pays for it.
                            current = openRegion[target];
                        } else {
                            cut(false);
                        }
                    }
                }
                case 0x0E -> { copy(); dead = true; } // br_table
                case 0x0F -> { // return: to the one epilogue
                    region.u8(0x0C).u32(depth - 1L);
                    dead = true;
                }
                case 0x10 -> { // call
                    if (index < importedFunctions) {
                        // An import may have effects the host sees: never with the fuel run out.
                        region.u8(0x20).u32(fuelLocal);
                        branchIfExhausted(region, depth, false);
                        sync(region);
                        copy();
                    } else if (passes(index)) {
                        // The callee returns its fuel left as one more result, on top.
                        region.u8(0x20).u32(fuelLocal).u8(0x20).u32(depthLocal);
                        copy();
                        region.u8(0x21).u32(fuelLocal);
                    } else {
                        sync(region);
                        region.u8(0x20).u32(depthLocal).u8(0x24).u32(depthGlobal);
                        copy();
                        reload(region);
                    }
                }
                case 0x11 -> { // call_indirect
                    sync(region);
                    region.u8(0x20).u32(depthLocal).u8(0x24).u32(depthGlobal);
                    copy();
                    reload(region);
                }
                case 0x12, 0x13 -> { // return_call, return_call_indirect: the callee writes the fuel back
                    // Neither this function nor the callee takes the fuel as a parameter (scan()).
                    sync(region);
                    region.u8(0x20).u32(depthLocal).u8(0x24).u32(depthGlobal);
                    copy();
                    dead = true;
                }
                case 0x20, 0x21, 0x22 -> { // local.get, set, tee: past the two added parameters
                    if (takesFuel && index >= params) {
                        region.u8(op).u32(index + 2L);
                    } else {
                        copy();
                    }
                }
                case 0x40 -> { // memory.grow: through the function that applies the task's cap
                    if (growFunction < 0) throw new MalformedModuleException("memory.grow without a memory");
                    chargeBySize(GROW_PAGE_SHIFT);
                    region.u8(0x10).u32(growFunction);
                }
                case 0xFC -> {
                    int sub = subOpcode();
                    switch (sub) {
                        case 8, 10, 11 -> chargeBySize(-BULK_BYTES_SHIFT); // memory.init, copy, fill
                        case 12, 14, 15, 17 -> chargeBySize(0); // table.init, copy, grow, fill
                        default -> {}
                    }
                    copy();
                }
                default -> copy();
            }
        }
        if (!in.atEnd()) throw new MalformedModuleException("bytes after the end of a function body");
    }

    private void push(int kind, int ordinal) {
        if (depth == kinds.length) {
            kinds = Arrays.copyOf(kinds, depth * 2);
            ordinals = Arrays.copyOf(ordinals, depth * 2);
            entryLive = Arrays.copyOf(entryLive, depth * 2);
            openRegion = Arrays.copyOf(openRegion, depth * 2);
        }
        kinds[depth] = kind;
        ordinals[depth] = ordinal;
        entryLive[depth] = !dead;
        openRegion[depth] = current;
        depth++;
    }

    /** Whether no loop lies between the current instruction and the construct at {@code frame}. */
    private boolean innermostLoop(int frame) {
        for (int f = depth - 1; f > frame; f--) {
            if (kinds[f] == LOOP) return false;
        }
        return true;
    }

    private boolean passes(int function) {
        int defined = function - importedFunctions;
        return defined >= 0 && defined < passing.length && passing[defined];
    }

    private void end() {
        depth--;
        if (depth == 0) {
            // The body block's end; then the one way out, and the one trap for running out of fuel.
            copy();
            flush();
            region.reset();
            // The one way out: with the fuel run out, it is the trap instead.
            out.u8(0x20).u32(fuelLocal);
            branchIfExhausted(out, 0, false);
            if (takesFuel) {
                out.u8(0x20).u32(fuelLocal); // returned as the last result
            } else {
                sync(out);
            }
            out.u8(0x0F).u8(0x0B);
            sync(out);
            out.u8(0x00).u8(0x0B);
            return;
        }
        copy();
        int kind = kinds[depth];
        if (kind == IF) {
            dead = !entryLive[depth];
        } else if (kind == BLOCK && targeted[ordinals[depth]]) {
            dead = dead && !entryLive[depth];
        }
        // A loop's end, or a block nothing branches to: only falling through gets here, so it
        // stays dead if it was. Whatever follows the construct runs at most once each time the
        // region it opened in runs (only a loop's top is jumped back to, and that starts a
        // region), so that region pays for it: no charge of its own.
        current = openRegion[depth];
    }

    /**
     * A function that takes the fuel and depth as parameters has them right after its own
     * parameters, so its other locals move up by two; otherwise they are locals after its own.
     */
    private void rewriteLocals() {
        takesFuel = passing[self];
        int groups = in.index();
        long locals = params;
        var declared = new WasmWriter(groups * 2 + 8);
        for (int i = 0; i < groups; i++) {
            int count = in.index();
            declared.u32(count);
            declared.u8(valueType(in));
            locals += count;
        }
        if (locals + 3 > 50_000) throw new MalformedModuleException("function has too many locals");
        if (takesFuel) {
            fuelLocal = params;
            depthLocal = params + 1;
            scratchLocal = (int) locals + 2;
            out.u32(groups + 1L).bytes(declared).u32(1).u8(0x7F);
        } else {
            fuelLocal = (int) locals;
            scratchLocal = fuelLocal + 1;
            depthLocal = fuelLocal + 2;
            out.u32(groups + 2L).bytes(declared).u32(1).u8(0x7E).u32(2).u8(0x7F);
        }
    }

    private void skipLocals() {
        int groups = in.index();
        for (int i = 0; i < groups; i++) {
            in.index();
            valueType(in);
        }
    }

    private void prologue(long blockType, boolean countDepth) {
        if (!takesFuel) {
            reload(out);
            out.u8(0x23).u32(depthGlobal).u8(0x21).u32(depthLocal);
        }
        if (countDepth) {
            // if depth == 0: the fuel used so far, the depth global = -1 (for the host to tell); trap.
            // Then depth -= 1.
            out.u8(0x20).u32(depthLocal).u8(0x45).u8(0x04).u8(0x40);
            sync(out);
            out.u8(0x41).signed(-1).u8(0x24).u32(depthGlobal).u8(0x00).u8(0x0B);
            out.u8(0x20).u32(depthLocal).u8(0x41).signed(1).u8(0x6B).u8(0x21).u32(depthLocal);
        }
        // The block the fuel trap branches out of, then the body as a block, so that a branch to
        // the function's label (and every return) passes the epilogue.
        out.u8(0x02).u8(0x40);
        out.u8(0x02).signed(blockType);
    }

    private void sync(WasmWriter to) {
        to.u8(0x20).u32(fuelLocal).u8(0x24).u32(fuelGlobal);
    }

    private void reload(WasmWriter to) {
        to.u8(0x23).u32(fuelGlobal).u8(0x21).u32(fuelLocal);
    }

    /**
     * Expects the fuel left on the stack; branches to the trap when it is negative (its sign bit,
     * which compiles smaller in Chicory than a comparison). With {@code keep}, first stores it in
     * the local.
     */
    private void branchIfExhausted(WasmWriter to, int fromDepth, boolean keep) {
        if (keep) to.u8(0x22).u32(fuelLocal);
        to.u8(0x42).signed(63).u8(0x88).u8(0xA7).u8(0x0D).u32(fromDepth);
    }

    /** Charges by the i32 size on top of the stack, leaving it there: size << shift (or >> -shift). */
    private void chargeBySize(int shift) {
        region.u8(0x22).u32(scratchLocal).u8(0x20).u32(fuelLocal).u8(0x20).u32(scratchLocal).u8(0xAD);
        if (shift > 0) region.u8(0x42).signed(shift).u8(0x86);
        if (shift < 0) region.u8(0x42).signed(-shift).u8(0x88);
        region.u8(0x7D);
        branchIfExhausted(region, depth, true);
    }

    /**
     * Starts a region here, whose charge goes in at this point once its cost is known; with
     * {@code checked} (the function's entry, a loop's top), its charge also traps when the fuel
     * has run out.
     */
    private void cut(boolean checked) {
        if (regions == regionCost.length) {
            slotPosition = Arrays.copyOf(slotPosition, regions * 2);
            regionCost = Arrays.copyOf(regionCost, regions * 2);
            regionDepth = Arrays.copyOf(regionDepth, regions * 2);
            regionChecked = Arrays.copyOf(regionChecked, regions * 2);
        }
        slotPosition[regions] = region.size();
        regionCost[regions] = 0;
        regionDepth[regions] = depth;
        regionChecked[regions] = checked;
        current = regions++;
    }

    /** Writes the body's code to the output with each region's charge at its slot. */
    private void flush() {
        int written = 0;
        for (int r = 0; r < regions; r++) {
            out.bytes(region, written, slotPosition[r] - written);
            written = slotPosition[r];
            if (regionCost[r] == 0) continue;
            out.u8(0x20).u32(fuelLocal).u8(0x42).signed(regionCost[r]).u8(0x7D);
            if (regionChecked[r]) {
                branchIfExhausted(out, regionDepth[r], true);
            } else {
                out.u8(0x21).u32(fuelLocal);
            }
        }
        out.bytes(region, written, region.size() - written);
    }

    private void copy() {
        region.bytes(module, instructionStart, in.position() - instructionStart);
    }

    private int subOpcode() {
        return new WasmReader(module, instructionStart + 1, in.position()).index();
    }

    /** Reads one instruction, leaving its opcode and branch or call immediate in the fields. */
    private void decode() {
        instructionStart = in.position();
        op = in.u8();
        switch (op) {
            case 0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1 -> {}
            case 0x02, 0x03, 0x04 -> blockTypeImmediate();
            case 0x0C, 0x0D, 0x10, 0x12, 0x20, 0x21, 0x22, 0xD2 -> index = in.index();
            case 0x0E -> {
                labelCount = in.index() + 1;
                if (labelCount > labels.length) labels = new int[Math.max(labelCount, labels.length * 2)];
                for (int i = 0; i < labelCount; i++) labels[i] = in.index();
            }
            case 0x11, 0x13 -> { in.index(); in.index(); }
            case 0x06, 0x07, 0x08, 0x09, 0x0A, 0x18, 0x19, 0x1F -> throw new UnmeteredFeatureException(
                    "module uses exception handling (opcode 0x" + Integer.toHexString(op) + "), which is not metered");
            case 0x14, 0x15, 0xD3, 0xD4, 0xD5, 0xD6, 0xFB -> throw new UnmeteredFeatureException(
                    "module uses GC or typed function references (opcode 0x" + Integer.toHexString(op)
                            + "), which are not metered");
            case 0xFE -> throw new UnmeteredFeatureException("module uses threads (atomics), which are not metered");
            case 0x1C -> { // select t*
                int count = in.index();
                for (int i = 0; i < count; i++) valueType(in);
            }
            case 0x23, 0x24, 0x25, 0x26 -> in.index();
            case 0x3F, 0x40 -> in.index(); // memory.size, memory.grow
            case 0x41 -> in.signed(32);
            case 0x42 -> in.signed(64);
            case 0x43 -> in.skip(4);
            case 0x44 -> in.skip(8);
            case 0xD0 -> heapType(in); // ref.null
            case 0xFC -> miscellaneous();
            case 0xFD -> simd();
            default -> {
                if (op >= 0x28 && op <= 0x3E) {
                    memoryArgument();
                } else if (op < 0x45 || op > 0xC4) {
                    throw new MalformedModuleException("unknown opcode 0x" + Integer.toHexString(op));
                }
            }
        }
    }

    private void miscellaneous() {
        int sub = in.index();
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> {} // saturating truncations
            case 8, 10, 12, 14 -> { in.index(); in.index(); } // memory.init, memory.copy, table.init, table.copy
            case 9, 11, 13, 15, 16, 17 -> in.index(); // data.drop, memory.fill, elem.drop, table.grow/size/fill
            default -> throw new MalformedModuleException("unknown opcode 0xfc " + sub);
        }
    }

    private void simd() {
        int sub = in.index();
        if (sub <= 11 || sub == 92 || sub == 93) {
            memoryArgument();
        } else if (sub == 12 || sub == 13) {
            in.skip(16);
        } else if (sub >= 21 && sub <= 34) {
            in.u8();
        } else if (sub >= 84 && sub <= 91) {
            memoryArgument();
            in.u8();
        }
    }

    private void memoryArgument() {
        int align = in.index();
        if ((align & 0x40) != 0) in.index(); // multi-memory: a memory index follows
        in.index();
    }

    private void blockTypeImmediate() {
        long type = in.signed(33);
        if (type < 0 && type != -64) {
            // A single value type, encoded as a negative number.
            checkValueType((int) (type + 128));
        }
    }

    /** Reads a value type; refuses reference types of the GC and typed-references proposals. */
    static int valueType(WasmReader in) {
        int type = in.u8();
        checkValueType(type);
        return type;
    }

    private static void checkValueType(int type) {
        switch (type) {
            case 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F -> {}
            default -> {
                if (type >= 0x60 && type <= 0x6E || type == 0x63 || type == 0x64) {
                    throw new UnmeteredFeatureException("module uses GC or typed reference types (0x"
                            + Integer.toHexString(type) + "), which are not metered");
                }
                throw new MalformedModuleException("unknown value type 0x" + Integer.toHexString(type));
            }
        }
    }

    private static void heapType(WasmReader in) {
        long type = in.signed(33);
        if (type != -16 && type != -17) { // func, extern
            throw new UnmeteredFeatureException("module uses GC heap types, which are not metered");
        }
    }
}
