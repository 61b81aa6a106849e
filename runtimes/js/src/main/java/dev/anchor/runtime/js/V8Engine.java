package dev.anchor.runtime.js;

import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import java.util.Locale;
import java.util.Optional;

/**
 * The process-wide V8 engine: Javet's native library, loaded once, with V8's process-wide flags.
 * V8 reads its flags when the first isolate is made and never again, so they are set here, once,
 * before anything else in the process makes an isolate. Thread-safe.
 */
final class V8Engine {

    /**
     * V8's heap size limit for every isolate in the process, in MiB. It is a process-wide flag, so a
     * task's own cap can be lower (enforced by {@link IsolateGuard}) but not higher.
     */
    static final int HEAP_CEILING_MB = 128;

    private static Optional<String> problem;

    private V8Engine() {}

    /** Why V8 cannot run here, or empty; the first call loads V8 and makes and closes one isolate. */
    static synchronized Optional<String> unavailableReason() {
        if (problem == null) {
            problem = check();
        }
        return problem;
    }

    /** Makes a fresh isolate. Only after {@link #unavailableReason()} answered empty. */
    static V8Runtime newIsolate() throws com.caoccao.javet.exceptions.JavetException {
        var reason = unavailableReason();
        if (reason.isPresent()) {
            throw new IllegalStateException("V8 is unavailable: " + reason.get());
        }
        V8Runtime isolate = V8Host.getV8Instance().createV8Runtime();
        isolate.setLogger(JavetLog.INSTANCE);
        // A rejection nobody handles is the script's business; the returned promise's state is
        // what decides the task. Javet's default callback would log each one.
        isolate.setPromiseRejectCallback((event, promise, value) -> {});
        return isolate;
    }

    private static Optional<String> check() {
        var os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        var arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("this build bundles V8 for linux x86_64 only; this node is " + os + " " + arch);
        }
        try {
            var flags = V8RuntimeOptions.V8_FLAGS;
            if (!flags.isSealed()) {
                flags.setMaxHeapSize(HEAP_CEILING_MB).setExposeGC(false);
            }
            var host = V8Host.getV8Instance();
            try (V8Runtime isolate = host.createV8Runtime()) {
                isolate.setLogger(JavetLog.INSTANCE);
                int two = isolate.getExecutor("1 + 1").executeInteger();
                if (two != 2) {
                    return Optional.of("V8 loaded but computed 1 + 1 = " + two);
                }
            }
            return Optional.empty();
        } catch (Exception | LinkageError e) {
            // Missing or mismatched native library, no writable temp directory for it, an old glibc.
            return Optional.of("V8 (Javet) could not be loaded: " + e);
        }
    }
}
