package dev.anchor.runtime.wasm;

import com.caoccao.javet.interfaces.IJavetLogger;

/**
 * Javet's messages for the wasm engine's isolates, sent to the platform logger at DEBUG: a WASI
 * call that ends the guest ({@code proc_exit}, the output limit) is a Java exception thrown through
 * V8 on purpose, which Javet would otherwise report as an error on every such task.
 */
final class JavetLog implements IJavetLogger {

    static final JavetLog INSTANCE = new JavetLog();

    private static final System.Logger LOGGER = System.getLogger("dev.anchor.runtime.wasm.javet");

    private JavetLog() {}

    @Override
    public void debug(String message) {
        LOGGER.log(System.Logger.Level.TRACE, message);
    }

    @Override
    public void info(String message) {
        LOGGER.log(System.Logger.Level.TRACE, message);
    }

    @Override
    public void warn(String message) {
        LOGGER.log(System.Logger.Level.DEBUG, message);
    }

    @Override
    public void error(String message) {
        LOGGER.log(System.Logger.Level.DEBUG, message);
    }

    @Override
    public void error(String message, Throwable cause) {
        LOGGER.log(System.Logger.Level.DEBUG, message, cause);
    }
}
