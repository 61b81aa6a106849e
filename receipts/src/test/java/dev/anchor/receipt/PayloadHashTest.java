package dev.anchor.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.api.DataRef;
import dev.anchor.api.Json;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class PayloadHashTest {
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static TaskSpec spec(DataRef input, Map<String, String> env) {
        return new TaskSpec("wasm", DataRef.ofBlob("a".repeat(64)), List.of("--n", "3"), env, input,
                new LimitsSpec(64, 1000L, null, null, null, null), 2);
    }

    @Test
    void module_hash_leaves_the_input_out_and_covers_everything_else() {
        TaskSpec one = spec(DataRef.ofText("one"), Map.of("A", "1"));
        TaskSpec two = spec(DataRef.ofText("two"), Map.of("A", "1"));
        assertThat(PayloadHash.moduleHash(one)).isEqualTo(PayloadHash.moduleHash(two)).matches("[0-9a-f]{64}");
        assertThat(PayloadHash.moduleHash(spec(null, Map.of("A", "2")))).isNotEqualTo(PayloadHash.moduleHash(one));
        TaskSpec otherModule = one.with("wasm", DataRef.ofBlob("b".repeat(64)), one.args(), one.env(), one.input(), one.limits(), 2);
        assertThat(PayloadHash.moduleHash(otherModule)).isNotEqualTo(PayloadHash.moduleHash(one));
    }

    @Test
    void canonical_json_sorts_keys_drops_nulls_and_has_no_whitespace() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z", "last");
        env.put("A", "first");
        TaskSpec spec = new TaskSpec("builtin", null, null, env, DataRef.ofText("in"), null, null, "crypto", "sha256",
                Json.mapper().readTree("{\"b\": 1, \"a\": {\"y\": [2, {\"d\": 1, \"c\": null}], \"x\": true}}"), null, null, null, null);
        assertThat(new String(PayloadHash.canonicalJson(spec), StandardCharsets.UTF_8)).isEqualTo(
                "{\"env\":{\"A\":\"first\",\"Z\":\"last\"},\"library\":\"crypto\",\"method\":\"sha256\","
                        + "\"params\":{\"a\":{\"x\":true,\"y\":[2,{\"d\":1}]},\"b\":1},\"runtime\":\"builtin\"}");
    }

    @Test
    void module_hash_survives_a_json_round_trip_of_the_spec() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "2");
        env.put("A", "1");
        TaskSpec spec = new TaskSpec("builtin", null, List.of("x"), env, DataRef.ofBase64("AAE="), null, 3, "image", "resize",
                Json.mapper().readTree("{\"width\": 10.5, \"height\": 20, \"mode\": \"fit\"}"), null, null, null, null);
        TaskSpec copy = Json.mapper().readValue(Json.mapper().writeValueAsBytes(spec), TaskSpec.class);
        assertThat(PayloadHash.moduleHash(copy)).isEqualTo(PayloadHash.moduleHash(spec));
    }

    @Test
    void input_hash_of_a_reference_equals_the_hash_of_its_bytes() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        String expected = PayloadHash.inputHash(bytes);
        assertThat(PayloadHash.inputHash(DataRef.ofText("hello"))).isEqualTo(expected);
        assertThat(PayloadHash.inputHash(DataRef.ofBase64("aGVsbG8="))).isEqualTo(expected);
        assertThat(PayloadHash.inputHash(DataRef.ofBlob(expected))).isEqualTo(expected);
        assertThat(PayloadHash.inputHash((DataRef) null)).isEqualTo(EMPTY);
        assertThat(PayloadHash.inputHash(new byte[0])).isEqualTo(EMPTY);
        assertThatThrownBy(() -> PayloadHash.inputHash(DataRef.ofBlob("XYZ"))).hasMessageStartingWith("input.blob:");
        assertThatThrownBy(() -> PayloadHash.inputHash(DataRef.ofBase64("%%%"))).hasMessageStartingWith("input.base64:");
    }

    @Test
    void execution_hash_is_sha256_of_the_three_raw_digests() throws Exception {
        String module = "11".repeat(32);
        String input = "22".repeat(32);
        String output = "33".repeat(32);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(HexFormat.of().parseHex(module + input + output));
        assertThat(PayloadHash.executionHash(module, input, output)).isEqualTo(HexFormat.of().formatHex(sha.digest()));
        assertThatThrownBy(() -> PayloadHash.executionHash(module, "nope", output)).hasMessageStartingWith("inputHash:");
    }
}
