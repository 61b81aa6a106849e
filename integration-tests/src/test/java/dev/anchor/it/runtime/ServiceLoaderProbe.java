package dev.anchor.it.runtime;

import dev.anchor.spi.RuntimeProvider;
import java.util.Optional;
import java.util.ServiceLoader;

/** Asks a runtime's provider whether it works on this machine, as the agent does at start. */
final class ServiceLoaderProbe {
    private ServiceLoaderProbe() {}

    static Optional<String> unavailable(String name) {
        return ServiceLoader.load(RuntimeProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst()
                .map(RuntimeProvider::unavailableReason)
                .orElse(Optional.of("no provider named " + name + " on the class path"));
    }
}
