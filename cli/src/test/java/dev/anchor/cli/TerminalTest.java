package dev.anchor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class TerminalTest {
    @Test
    void escape_sequences_and_control_characters_are_shown_not_obeyed() {
        String hostile = "ok\u001b[2J\u001b]0;pwned\u0007\rover\bwritten\u009b31m\u202eevil";
        String inert = Terminal.inert(hostile);
        assertThat(inert).doesNotContain("\u001b", "\u0007", "\r", "\b", "\u009b", "\u202e");
        assertThat(inert).isEqualTo("ok\\x1b[2J\\x1b]0;pwned\\x07\\x0dover\\x08written\\x9b31m\\u202eevil");
    }

    @Test
    void ordinary_text_and_tabs_pass_unchanged() {
        String text = "word\tcount: 42 — ünïcødé";
        assertThat(Terminal.inert(text)).isSameAs(text);
    }
}
