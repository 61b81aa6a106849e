package dev.anchor.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cuts bytes into pieces of at most {@code size}, at the last line end inside a piece when it has one. */
final class Chunker {
    private Chunker() {}

    static List<byte[]> split(byte[] bytes, long size) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int end = (int) Math.min(bytes.length, at + size);
            if (end < bytes.length) {
                for (int i = end - 1; i > at; i--) {
                    if (bytes[i] == '\n') {
                        end = i + 1;
                        break;
                    }
                }
            }
            pieces.add(Arrays.copyOfRange(bytes, at, end));
            at = end;
        }
        return pieces;
    }
}
