package dev.anchor.runtime.container;

import dev.anchor.spi.RunResult;
import dev.anchor.spi.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Reads the task's output file from the host side of /output. The container has stopped by then, so
 * nothing can swap the file between the checks and the read; a link (which would resolve on the
 * host, to the host's files) is refused, not followed.
 */
final class OutputFile {

    private OutputFile() {}

    static RunResult read(Path outputDirectory, String name, long limit, Function<String, RunResult> failed, LongFunction<Usage> usage) {
        var file = outputDirectory.resolve(name);
        var shown = "/output/" + name;
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return failed.apply("output file " + shown + " was not written");
            }
            if (Files.isSymbolicLink(file)) {
                return failed.apply("output file " + shown + " is a symbolic link; expected a regular file");
            }
            var real = file.toRealPath();
            if (!real.startsWith(outputDirectory.toRealPath())) {
                return failed.apply("output file " + shown + " lies outside /output (through a symbolic link)");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return failed.apply("output file " + shown + " is not a regular file");
            }
            long size = Files.size(real);
            if (size > limit) {
                return failed.apply("output file " + shown + " is " + size + " bytes; the output limit is " + limit + " bytes");
            }
            var bytes = Files.readAllBytes(real);
            return RunResult.succeeded(bytes, usage.apply(bytes.length));
        } catch (IOException e) {
            return failed.apply("output file " + shown + " could not be read: " + e.getMessage());
        }
    }
}
