package dev.anchor.runtime.wasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a module so that it meters itself: the same module and input then use the same fuel in
 * every engine (Chicory's compiler and interpreter, V8) and on every node, because the metering is
 * ordinary wasm code rather than a feature of the engine.
 *
 * <p>What the rewritten module has (nothing of the original shifts: globals, types and exports are
 * appended, locals are added after the function's own, or after two added parameters):
 * <ul>
 *   <li>an exported mutable i64 global {@value #FUEL_EXPORT}, the fuel left; the host sets it before
 *       the first call and reads it after the last. Each function keeps it in a local, gets it as a
 *       parameter or from the global, and writes it back on return ({@link FunctionMeter} says
 *       where fuel is charged and when the global is written);</li>
 *   <li>an exported mutable i32 global {@value #DEPTH_EXPORT}, the calls still allowed, how the
 *       depth reaches a function that is not given it as a parameter; a function that can recurse
 *       traps when it is 0 (setting it to -1) and passes one less to its callees. Which functions
 *       count and the starting value are {@link CallDepth}'s: at most {@link #MAX_CALL_DEPTH}
 *       nested calls either way;</li>
 *   <li>functions that only the module's own direct calls reach (not exported, not the start
 *       function, not in a table, named by {@code ref.func} or in a tail call) get a type with two
 *       more parameters, the fuel (i64) and the depth (i32), and one more result, the fuel left:
 *       calls between them touch no global, which Chicory reaches slowly;</li>
 *   <li>no start section: the start function, if any, is exported as {@value #START_EXPORT}
 *       for the host to call once it has set the fuel;</li>
 *   <li>every {@code memory.grow} calls an added function that refuses (returns -1) to grow past
 *       the exported i32 global {@value #MEMORY_CAP_EXPORT} (pages, set by the host), and sets
 *       {@value #MEMORY_REFUSED_EXPORT} to 1 when the module's own maximum would have allowed it:
 *       the task's memory cap, the same in every engine;</li>
 *   <li>memory 0 exported as {@value #MEMORY_EXPORT}, for host functions of engines that can only
 *       reach exported memory.</li>
 * </ul>
 * After a trap the host tells the runtime's own traps from the guest's: fuel below 0 means the fuel
 * ran out, a depth of -1 that the call depth bound was hit.
 *
 * <p>Proposals whose cost is not modelled are refused with {@link UnmeteredFeatureException}:
 * threads (shared memory, atomics), GC and typed function references, exception handling, memory64.
 * Stateless and thread-safe.
 */
final class FuelInstrumenter {

    static final String FUEL_EXPORT = "__anchor_fuel";
    static final String DEPTH_EXPORT = "__anchor_depth";
    static final String START_EXPORT = "__anchor_start";
    static final String MEMORY_CAP_EXPORT = "__anchor_memory_cap";
    static final String MEMORY_REFUSED_EXPORT = "__anchor_memory_refused";
    static final String MEMORY_EXPORT = "__anchor_memory";

    /**
     * Nested wasm calls a guest may make. Deep enough for real programs, shallow enough that
     * Chicory's compiled code (on a thread stack of 512 KiB or more) and V8 reach it before they run
     * out of their own stack, which would end the run differently per engine. Chicory's interpreter
     * needs about 1 KiB of JVM stack per call, so on a 1 MiB stack it can overflow first.
     */
    static final int MAX_CALL_DEPTH = 2_000;

    private static final int MAGIC = 0x6D736100;
    private static final int SECTION_CUSTOM = 0;
    private static final int SECTION_TYPE = 1;
    private static final int SECTION_IMPORT = 2;
    private static final int SECTION_FUNCTION = 3;
    private static final int SECTION_TABLE = 4;
    private static final int SECTION_MEMORY = 5;
    private static final int SECTION_GLOBAL = 6;
    private static final int SECTION_EXPORT = 7;
    private static final int SECTION_START = 8;
    private static final int SECTION_ELEMENT = 9;
    private static final int SECTION_CODE = 10;
    private static final int SECTION_TAG = 13;

    private FuelInstrumenter() {}

    /** The rewritten module, and whether the original had a start function. */
    record Instrumented(byte[] bytes, boolean hasStart) {}

    /**
     * @throws MalformedModuleException  when the bytes are not a well-formed module
     * @throws UnmeteredFeatureException when the module uses a proposal that is not metered
     */
    static Instrumented instrument(byte[] module) {
        var header = new WasmReader(module);
        if (module.length < 8 || (header.u8() | header.u8() << 8 | header.u8() << 16 | header.u8() << 24) != MAGIC) {
            throw new MalformedModuleException("not a wasm module (bad magic)");
        }
        header.skip(4);
        var sections = new ArrayList<Section>();
        while (!header.atEnd()) {
            int id = header.u8();
            int size = header.index();
            int start = header.position();
            header.skip(size);
            sections.add(new Section(id, start, start + size));
        }
        return new FuelInstrumenter.Rewrite(module, sections).run();
    }

    /** One section's id and the window of its contents. */
    private record Section(int id, int start, int end) {}

    /** A function type: the parameter and result value types. */
    record FunctionType(byte[] params, byte[] results) {}

    /** The state of one rewrite. */
    private static final class Rewrite {
        private final byte[] module;
        private final List<Section> sections;
        private final List<FunctionType> types = new ArrayList<>();
        private final List<Integer> functionTypes = new ArrayList<>();
        private final Set<String> exportNames = new HashSet<>();
        /** Functions an indirect call may reach: in element segments, exported, or named by a global. */
        private final Set<Integer> addressTaken = new HashSet<>();
        private boolean allAddressTaken;
        /** Per defined function, the type it has in the rewritten module. */
        private int[] typeOut = new int[0];
        private int initialDepth = MAX_CALL_DEPTH;
        private int importedFunctions;
        private int importedGlobals;
        private int definedGlobals;
        private int startFunction = -1;
        private boolean hasMemory;
        private long memoryMaxPages = 65_536;

        Rewrite(byte[] module, List<Section> sections) {
            this.module = module;
            this.sections = sections;
        }

        Instrumented run() {
            for (var section : sections) {
                var in = new WasmReader(module, section.start(), section.end());
                switch (section.id()) {
                    case SECTION_TYPE -> readTypes(in);
                    case SECTION_IMPORT -> readImports(in);
                    case SECTION_FUNCTION -> readFunctions(in);
                    case SECTION_TABLE -> readTables(in);
                    case SECTION_MEMORY -> readMemories(in);
                    case SECTION_GLOBAL -> readGlobals(in);
                    case SECTION_EXPORT -> readExports(in);
                    case SECTION_START -> startFunction = in.index();
                    case SECTION_ELEMENT -> readElements(in);
                    case SECTION_TAG -> throw new UnmeteredFeatureException(
                            "module uses exception handling (a tag section), which is not metered");
                    default -> {}
                }
            }
            for (var reserved : List.of(FUEL_EXPORT, DEPTH_EXPORT, START_EXPORT, MEMORY_CAP_EXPORT, MEMORY_REFUSED_EXPORT,
                    MEMORY_EXPORT)) {
                if (exportNames.contains(reserved)) {
                    throw new UnmeteredFeatureException("module exports " + reserved + ", a name the runtime reserves");
                }
            }
            int fuelGlobal = importedGlobals + definedGlobals;
            int depthGlobal = fuelGlobal + 1;
            int capGlobal = fuelGlobal + 2;
            int refusedGlobal = fuelGlobal + 3;
            boolean hasFunctions = sections.stream().anyMatch(s -> s.id() == SECTION_FUNCTION);
            int growFunction = hasMemory && hasFunctions ? importedFunctions + functionTypes.size() : -1;

            // Functions returning several values with parameters need a block type [] -> results.
            var addedTypes = new ArrayList<FunctionType>();
            var blockTypeByResults = new HashMap<String, Integer>();
            var code = rewriteCode(new FunctionMeter.Globals(fuelGlobal, depthGlobal, growFunction, importedFunctions),
                    addedTypes, blockTypeByResults);
            int growType = types.size() + addedTypes.size();
            if (growFunction >= 0) {
                addedTypes.add(new FunctionType(new byte[] {0x7F}, new byte[] {0x7F}));
                code = withGrowFunction(code, capGlobal, refusedGlobal);
            }

            var out = new WasmWriter(module.length * 2 + 64);
            out.bytes(module, 0, 8);
            boolean globalsWritten = false;
            boolean exportsWritten = false;
            for (var section : sections) {
                int rank = rank(section.id());
                if (!globalsWritten && rank > rank(SECTION_GLOBAL)) {
                    writeSection(out, SECTION_GLOBAL, globals(null, 0));
                    globalsWritten = true;
                }
                if (!exportsWritten && rank > rank(SECTION_EXPORT)) {
                    writeSection(out, SECTION_EXPORT, exports(null, fuelGlobal, depthGlobal));
                    exportsWritten = true;
                }
                var in = new WasmReader(module, section.start(), section.end());
                switch (section.id()) {
                    case SECTION_TYPE -> writeSection(out, SECTION_TYPE, types(in, addedTypes));
                    case SECTION_FUNCTION -> writeSection(out, SECTION_FUNCTION, functions(growFunction >= 0 ? growType : -1));
                    case SECTION_GLOBAL -> {
                        writeSection(out, SECTION_GLOBAL, globals(in, definedGlobals));
                        globalsWritten = true;
                    }
                    case SECTION_EXPORT -> {
                        writeSection(out, SECTION_EXPORT, exports(in, fuelGlobal, depthGlobal));
                        exportsWritten = true;
                    }
                    case SECTION_START -> {} // dropped: the host calls it as __anchor_start
                    case SECTION_CODE -> writeSection(out, SECTION_CODE, code);
                    default -> writeSection(out, section.id(), Arrays.copyOfRange(module, section.start(), section.end()));
                }
            }
            if (!globalsWritten) writeSection(out, SECTION_GLOBAL, globals(null, 0));
            if (!exportsWritten) writeSection(out, SECTION_EXPORT, exports(null, fuelGlobal, depthGlobal));
            return new Instrumented(out.toByteArray(), startFunction >= 0);
        }

        private void readTypes(WasmReader in) {
            int count = in.index();
            for (int i = 0; i < count; i++) {
                int form = in.u8();
                if (form != 0x60) {
                    throw new UnmeteredFeatureException("module uses GC types (type form 0x"
                            + Integer.toHexString(form) + "), which are not metered");
                }
                var params = new byte[in.index()];
                for (int p = 0; p < params.length; p++) params[p] = (byte) FunctionMeter.valueType(in);
                int resultCount = in.index();
                var results = new byte[resultCount];
                for (int r = 0; r < resultCount; r++) results[r] = (byte) FunctionMeter.valueType(in);
                types.add(new FunctionType(params, results));
            }
        }

        private void readImports(WasmReader in) {
            int count = in.index();
            for (int i = 0; i < count; i++) {
                in.skip(in.index());
                in.skip(in.index());
                int kind = in.u8();
                switch (kind) {
                    case 0 -> {
                        in.index();
                        importedFunctions++;
                    }
                    case 1 -> {
                        FunctionMeter.valueType(in);
                        limits(in, "table");
                    }
                    case 2 -> memory(in);
                    case 3 -> {
                        FunctionMeter.valueType(in);
                        in.u8();
                        importedGlobals++;
                    }
                    case 4 -> throw new UnmeteredFeatureException(
                            "module imports a tag (exception handling), which is not metered");
                    default -> throw new MalformedModuleException("unknown import kind " + kind);
                }
            }
        }

        private void readFunctions(WasmReader in) {
            int count = in.index();
            for (int i = 0; i < count; i++) functionTypes.add(in.index());
        }

        private void readTables(WasmReader in) {
            int count = in.index();
            for (int i = 0; i < count; i++) {
                FunctionMeter.valueType(in);
                limits(in, "table");
            }
        }

        private void readMemories(WasmReader in) {
            int count = in.index();
            for (int i = 0; i < count; i++) memory(in);
        }

        private void memory(WasmReader in) {
            long max = limits(in, "memory");
            if (!hasMemory) {
                hasMemory = true;
                memoryMaxPages = max < 0 ? 65_536 : max;
            }
        }

        /** Reads limits; returns the maximum, or -1 when there is none. */
        private static long limits(WasmReader in, String what) {
            int flags = in.u8();
            if ((flags & 0x02) != 0) {
                throw new UnmeteredFeatureException("module uses a shared " + what + " (threads), which is not metered");
            }
            if ((flags & 0x04) != 0) {
                throw new UnmeteredFeatureException("module uses a 64-bit " + what + " (memory64), which is not metered");
            }
            if (flags > 1) throw new MalformedModuleException("unknown limits flags " + flags);
            in.u32();
            return (flags & 0x01) != 0 ? in.u32() & 0xFFFF_FFFFL : -1;
        }

        private void readExports(WasmReader in) {
            int count = in.index();
            for (int i = 0; i < count; i++) {
                int length = in.index();
                int start = in.position();
                in.skip(length);
                exportNames.add(new String(module, start, length, java.nio.charset.StandardCharsets.UTF_8));
                int kind = in.u8();
                int index = in.index();
                if (kind == 0) addressTaken.add(index);
            }
        }

        private void readGlobals(WasmReader in) {
            definedGlobals = in.index();
            for (int i = 0; i < definedGlobals && !allAddressTaken; i++) {
                FunctionMeter.valueType(in);
                in.u8();
                constantExpression(in);
            }
        }

        private void readElements(WasmReader in) {
            int count = in.index();
            for (int i = 0; i < count && !allAddressTaken; i++) {
                int flags = in.index();
                if (flags > 7) throw new MalformedModuleException("unknown element segment flags " + flags);
                if (flags == 2 || flags == 6) in.index(); // table index
                if ((flags & 0x01) == 0) constantExpression(in); // active: the offset
                if ((flags & 0x03) != 0) in.u8(); // element kind or reference type
                int elements = in.index();
                for (int e = 0; e < elements && !allAddressTaken; e++) {
                    if ((flags & 0x04) == 0) {
                        addressTaken.add(in.index());
                    } else {
                        constantExpression(in);
                    }
                }
            }
        }

        /**
         * Skips a constant expression, noting the functions it names. One it cannot read makes
         * every function address-taken (which only costs speed) and stops the reading.
         */
        private void constantExpression(WasmReader in) {
            while (true) {
                int op = in.u8();
                switch (op) {
                    case 0x0B -> { return; }
                    case 0x41 -> in.signed(32);
                    case 0x42 -> in.signed(64);
                    case 0x43 -> in.skip(4);
                    case 0x44 -> in.skip(8);
                    case 0x23 -> in.index();
                    case 0xD2 -> addressTaken.add(in.index());
                    case 0xD0 -> in.signed(33);
                    case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E -> {} // extended constant expressions
                    default -> {
                        allAddressTaken = true;
                        return;
                    }
                }
            }
        }

        private byte[] functions(int growType) {
            var out = new WasmWriter();
            out.u32(functionTypes.size() + (growType >= 0 ? 1 : 0));
            for (int i = 0; i < functionTypes.size(); i++) out.u32(typeOut[i]);
            if (growType >= 0) out.u32(growType);
            return out.toByteArray();
        }

        /**
         * Appends the function every memory.grow calls: (pages) -> old size or -1. Grows only when
         * the new size stays within the cap; when the cap refuses what the module's maximum allows,
         * notes it, so that a later failure can be explained as the memory limit.
         */
        private byte[] withGrowFunction(byte[] code, int capGlobal, int refusedGlobal) {
            var body = new WasmWriter();
            body.u32(1).u32(1).u8(0x7E); // one i64 local: the size asked for
            body.u8(0x20).u32(0).u8(0xAD).u8(0x3F).u8(0x00).u8(0xAD).u8(0x7C).u8(0x22).u32(1);
            body.u8(0x23).u32(capGlobal).u8(0xAD).u8(0x56); // > cap (unsigned)
            body.u8(0x04).u8(0x7F);
            body.u8(0x20).u32(1).u8(0x42).signed(memoryMaxPages).u8(0x58); // <= the module's maximum
            body.u8(0x04).u8(0x40).u8(0x41).signed(1).u8(0x24).u32(refusedGlobal).u8(0x0B);
            body.u8(0x41).signed(-1);
            body.u8(0x05).u8(0x20).u32(0).u8(0x40).u8(0x00).u8(0x0B);
            body.u8(0x0B);
            var in = new WasmReader(code);
            int count = in.index();
            var out = new WasmWriter(code.length + body.size() + 16);
            out.u32(count + 1L);
            out.bytes(code, in.position(), code.length - in.position());
            out.u32(body.size()).bytes(body);
            return out.toByteArray();
        }

        private byte[] rewriteCode(FunctionMeter.Globals globals, List<FunctionType> addedTypes,
                Map<String, Integer> blockTypeByResults) {
            var section = sections.stream().filter(s -> s.id() == SECTION_CODE).findFirst();
            if (section.isEmpty()) {
                if (!functionTypes.isEmpty()) throw new MalformedModuleException("functions declared but no code section");
                return new byte[0];
            }
            var in = new WasmReader(module, section.get().start(), section.get().end());
            int count = in.index();
            if (count != functionTypes.size()) {
                throw new MalformedModuleException("code section has " + count + " bodies for "
                        + functionTypes.size() + " functions");
            }
            var meters = new FunctionMeter[count];
            var callees = new int[count][];
            var indirect = new boolean[count];
            for (int i = 0; i < count; i++) {
                int size = in.index();
                int start = in.position();
                in.skip(size);
                int typeIndex = functionTypes.get(i);
                if (typeIndex >= types.size()) throw new MalformedModuleException("function type " + typeIndex + " unknown");
                meters[i] = new FunctionMeter(module, start, start + size, globals, i);
                meters[i].scan();
                callees[i] = meters[i].callees();
                indirect[i] = meters[i].callsIndirectly();
                for (int function : meters[i].referencedFunctions()) addressTaken.add(function);
            }
            // Functions only ever called directly from the module's own code take the fuel and the
            // depth as two more parameters and return the fuel as one more result, instead of
            // through the globals, which are slow in Chicory.
            var taken = new boolean[count];
            var passing = new boolean[count];
            typeOut = new int[count];
            var passingType = new HashMap<Integer, Integer>();
            for (int i = 0; i < count; i++) {
                taken[i] = allAddressTaken || addressTaken.contains(importedFunctions + i);
                passing[i] = !taken[i] && importedFunctions + i != startFunction && !meters[i].tailCalls();
                int typeIndex = functionTypes.get(i);
                typeOut[i] = !passing[i] ? typeIndex : passingType.computeIfAbsent(typeIndex, t -> {
                    var type = types.get(t);
                    var params = Arrays.copyOf(type.params(), type.params().length + 2);
                    params[params.length - 2] = 0x7E;
                    params[params.length - 1] = 0x7F;
                    var results = Arrays.copyOf(type.results(), type.results().length + 1);
                    results[results.length - 1] = 0x7E;
                    addedTypes.add(new FunctionType(params, results));
                    return types.size() + addedTypes.size() - 1;
                });
            }
            var depth = CallDepth.of(importedFunctions, callees, indirect, taken);
            initialDepth = depth.initialDepth();
            var out = new WasmWriter(section.get().end() - section.get().start() + count * 64 + 16);
            out.u32(count);
            var body = new WasmWriter(256);
            for (int i = 0; i < count; i++) {
                int typeIndex = functionTypes.get(i);
                var type = types.get(typeIndex);
                long blockType = blockType(typeIndex, type, addedTypes, blockTypeByResults);
                body.reset();
                meters[i].rewrite(body, type.params().length, blockType, depth.counted()[i], passing);
                out.u32(body.size());
                out.bytes(body);
            }
            return out.toByteArray();
        }

        /** The wrapper block's type: empty (-64), one value type (negative), or a type index. */
        private long blockType(int typeIndex, FunctionType type, List<FunctionType> addedTypes,
                Map<String, Integer> byResults) {
            var results = type.results();
            if (results.length == 0) return -64;
            if (results.length == 1) return results[0] - 128L;
            if (type.params().length == 0) return typeIndex;
            return byResults.computeIfAbsent(Arrays.toString(results), key -> {
                addedTypes.add(new FunctionType(new byte[0], results));
                return types.size() + addedTypes.size() - 1;
            });
        }

        private byte[] types(WasmReader in, List<FunctionType> added) {
            int count = in.index();
            var out = new WasmWriter();
            out.u32(count + added.size());
            out.bytes(module, in.position(), sectionEnd(in) - in.position());
            for (var type : added) {
                out.u8(0x60).u32(type.params().length);
                for (byte param : type.params()) out.u8(param);
                out.u32(type.results().length);
                for (byte result : type.results()) out.u8(result);
            }
            return out.toByteArray();
        }

        private byte[] globals(WasmReader in, int count) {
            var out = new WasmWriter();
            out.u32(count + 4L);
            if (in != null) {
                in.index();
                out.bytes(module, in.position(), sectionEnd(in) - in.position());
            }
            out.u8(0x7E).u8(0x01).u8(0x42).signed(0).u8(0x0B);
            out.u8(0x7F).u8(0x01).u8(0x41).signed(initialDepth).u8(0x0B);
            out.u8(0x7F).u8(0x01).u8(0x41).signed(65_536).u8(0x0B);
            out.u8(0x7F).u8(0x01).u8(0x41).signed(0).u8(0x0B);
            return out.toByteArray();
        }

        private byte[] exports(WasmReader in, int fuelGlobal, int depthGlobal) {
            int count = in == null ? 0 : in.index();
            boolean start = startFunction >= 0;
            var out = new WasmWriter();
            out.u32(count + 4L + (start ? 1 : 0) + (hasMemory ? 1 : 0));
            if (in != null) out.bytes(module, in.position(), sectionEnd(in) - in.position());
            out.name(FUEL_EXPORT).u8(0x03).u32(fuelGlobal);
            out.name(DEPTH_EXPORT).u8(0x03).u32(depthGlobal);
            out.name(MEMORY_CAP_EXPORT).u8(0x03).u32(fuelGlobal + 2);
            out.name(MEMORY_REFUSED_EXPORT).u8(0x03).u32(fuelGlobal + 3);
            if (start) out.name(START_EXPORT).u8(0x00).u32(startFunction);
            if (hasMemory) out.name(MEMORY_EXPORT).u8(0x02).u32(0);
            return out.toByteArray();
        }

        private int sectionEnd(WasmReader in) {
            for (var section : sections) {
                if (in.position() >= section.start() && in.position() <= section.end()) return section.end();
            }
            throw new IllegalStateException("reader outside every section");
        }

        private static void writeSection(WasmWriter out, int id, byte[] contents) {
            out.u8(id).u32(contents.length).bytes(contents, 0, contents.length);
        }

        /** Where a section must go in the module; custom sections may go anywhere. */
        private static int rank(int id) {
            return switch (id) {
                case SECTION_CUSTOM -> -1;
                case SECTION_TAG -> 55;
                case 12 -> 95; // data count: after element, before code
                default -> id * 10;
            };
        }
    }
}
