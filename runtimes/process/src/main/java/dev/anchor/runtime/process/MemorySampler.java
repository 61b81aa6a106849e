package dev.anchor.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the memory of a sandbox's processes from /proc while it runs: the peak of the summed
 * resident sets, or the largest single process's high-water mark if that is higher. An estimate
 * (a process that lives between two samples is missed); 0 when nothing could be read.
 */
final class MemorySampler {

    private long peakBytes;

    void sample(ProcessHandle root) {
        long sum = 0;
        for (var handle : (Iterable<ProcessHandle>) root.descendants()::iterator) {
            long[] rssAndPeak = read(handle.pid());
            sum += rssAndPeak[0];
            peakBytes = Math.max(peakBytes, rssAndPeak[1]);
        }
        peakBytes = Math.max(peakBytes, sum);
    }

    long peakBytes() {
        return peakBytes;
    }

    private static long[] read(long pid) {
        long rss = 0;
        long hwm = 0;
        try {
            for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) rss = kilobytes(line);
                else if (line.startsWith("VmHWM:")) hwm = kilobytes(line);
            }
        } catch (IOException | RuntimeException e) {
            // The process ended between listing and reading: it counts as nothing.
        }
        return new long[] {rss, hwm};
    }

    private static long kilobytes(String line) {
        var fields = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(fields[0]) * 1024;
    }
}
