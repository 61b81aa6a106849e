package dev.anchor.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.api.Receipt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class ReceiptCodecTest {
    private static Receipt receipt(String taskId, String attemptId) {
        return new Receipt(1, taskId, attemptId, "n", "k", "m", "i", "SUCCEEDED", "o", 7, 65536, "r", "e", 9, 11, "c", 13, "SIGNATURE");
    }

    @Test
    void layout_is_the_domain_then_every_field_but_the_signature_in_order() {
        ByteBuffer expected = ByteBuffer.allocate(1024);
        string(expected, "anchor-receipt-v1");
        expected.putInt(1);
        for (String s : new String[] {"t", "a", "n", "k", "m", "i", "SUCCEEDED", "o"}) string(expected, s);
        expected.putLong(7).putInt(65536);
        string(expected, "r");
        string(expected, "e");
        expected.putLong(9).putLong(11);
        string(expected, "c");
        expected.putLong(13);
        byte[] bytes = new byte[expected.position()];
        expected.flip().get(bytes);
        assertThat(ReceiptCodec.canonicalBytes(receipt("t", "a"))).isEqualTo(bytes);
    }

    @Test
    void the_signature_is_not_covered_and_field_boundaries_cannot_shift() {
        Receipt one = receipt("ab", "c");
        Receipt other = new Receipt(1, "ab", "c", "n", "k", "m", "i", "SUCCEEDED", "o", 7, 65536, "r", "e", 9, 11, "c", 13, "OTHER");
        assertThat(ReceiptCodec.canonicalBytes(one)).isEqualTo(ReceiptCodec.canonicalBytes(other));
        assertThat(ReceiptCodec.canonicalBytes(one)).isNotEqualTo(ReceiptCodec.canonicalBytes(receipt("a", "bc")));
    }

    @Test
    void a_missing_field_has_no_canonical_form_and_is_named() {
        assertThatThrownBy(() -> ReceiptCodec.canonicalBytes(receipt("t", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attemptId: is missing");
    }

    private static void string(ByteBuffer out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.putInt(utf8.length).put(utf8);
    }
}
