package dev.anchor.cli;

import java.util.Set;

/**
 * Sets slf4j-simple's levels before any logger exists: server roles log at info, client commands
 * only warnings, and libraries (Jetty, Flyway, Hikari) only warnings either way.
 */
final class Logging {
    private static final Set<String> SERVICES = Set.of("up", "server", "agent");

    private Logging() {}

    static void configure(String[] args) {
        boolean service = args.length > 0 && SERVICES.contains(args[0]);
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", debug() ? "debug" : service ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        for (String noisy : new String[] {"org.eclipse.jetty", "io.javalin", "org.flywaydb", "com.zaxxer.hikari", "com.dylibso"}) {
            setDefault("org.slf4j.simpleLogger.log." + noisy, "warn");
        }
    }

    static boolean debug() {
        String value = System.getenv("ANCHOR_DEBUG");
        return value != null && !value.isEmpty() && !value.equals("0");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
