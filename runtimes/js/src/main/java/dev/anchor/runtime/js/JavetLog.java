package dev.anchor.runtime.js;

import com.caoccao.javet.interfaces.IJavetLogger;

/**
 * Javet's messages, sent to the platform logger. Javet warns on every isolate close about values
 * the script still held (the console hooks always are), which is expected here, so its warnings go
 * out at DEBUG; its errors (a failing callback) stay WARNING.
 */
final class JavetLog implements IJavetLogger {

    static final JavetLog INSTANCE = new JavetLog();

    private static final System.Logger LOGGER = System.getLogger("dev.anchor.runtime.js.javet");

    private JavetLog() {}

    @Override
    public void debug(String message) {
        LOGGER.log(System.Logger.Level.TRACE, message);
    }

    @Override
    public void info(String message) {
        LOGGER.log(System.Logger.Level.DEBUG, message);
    }

    @Override
    public void warn(String message) {
        LOGGER.log(System.Logger.Level.DEBUG, message);
    }

    @Override
    public void error(String message) {
        LOGGER.log(System.Logger.Level.WARNING, message);
    }

    @Override
    public void error(String message, Throwable cause) {
        LOGGER.log(System.Logger.Level.WARNING, message, cause);
    }
}
