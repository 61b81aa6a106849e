package dev.anchor.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's count of connections dropped because a listen queue was full ({@code TcpExt
 * ListenOverflows} in {@code /proc/net/netstat}), machine-wide: a coordinator whose accept queue is too
 * short for its fleet shows here, and its clients read "no bytes" on connections they thought open.
 * Answers -1 where the counter cannot be read (not Linux).
 */
final class ListenOverflows {
    private ListenOverflows() {}

    static long now() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] names = lines.get(i).trim().split("\\s+");
                String[] values = lines.get(i + 1).trim().split("\\s+");
                if (!names[0].equals("TcpExt:")) continue;
                for (int k = 1; k < names.length && k < values.length; k++) {
                    if (names[k].equals("ListenOverflows")) return Long.parseLong(values[k]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not readable here: unknown.
        }
        return -1;
    }
}
