package dev.anchor.cli;

/** Makes guest text safe to print: control characters and escape sequences are shown, not obeyed. */
final class Terminal {
    private Terminal() {}

    /**
     * Replaces every control character but tab (ESC, CR, BEL, backspace, C1 controls, ...) with a
     * visible {@code \\xNN} or {@code \\uNNNN}, so a guest cannot move the cursor, recolour the
     * terminal, rewrite earlier lines or set the window title.
     */
    static String inert(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            if (control) {
                if (out == null) out = new StringBuilder(text.length() + 8).append(text, 0, i);
                out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
