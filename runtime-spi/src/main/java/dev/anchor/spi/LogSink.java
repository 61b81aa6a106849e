package dev.anchor.spi;

/**
 * Where a runtime sends the guest's log lines as they are produced. Thread-safe. The agent bounds
 * what it keeps and ships lines to the coordinator in the background, so {@link #line} never blocks
 * on the network.
 */
@FunctionalInterface
public interface LogSink {

    /** Which stream a line came from. */
    enum Stream { STDOUT, STDERR, SYSTEM }

    /** One complete line, without its line terminator. */
    void line(Stream stream, String text);
}
