package dev.anchor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.Json;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.receipt.ReceiptSigner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class VerifyCommandTest {
    private static final byte[] OUTPUT = "42\n".getBytes(StandardCharsets.UTF_8);
    private static final ReceiptSigner NODE = new ReceiptSigner(new Ed25519PrivateKeyParameters(new java.security.SecureRandom()), Clock.systemUTC());

    @TempDir
    Path dir;

    private record Run(int exitCode, String out) {}

    private static Run verify(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        String[] all = new String[args.length + 1];
        all[0] = "verify";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(commandLine.execute(all), out.toString());
    }

    private static Receipt receipt() {
        TaskSpec spec = new TaskSpec("wasm", dev.anchor.api.DataRef.ofBlob("a".repeat(64)), null, null, null, null, null);
        return NODE.sign("task-1", "attempt-1", spec, new byte[0], "SUCCEEDED", OUTPUT, 10, 20);
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void a_valid_receipt_and_its_output_verify_with_exit_code_zero() throws Exception {
        Path receipt = write("receipt.json", Json.mapper().writeValueAsBytes(receipt()));
        Path output = write("output", OUTPUT);
        String key = Base64.getEncoder().encodeToString(NODE.publicKey());

        Run run = verify(receipt.toString(), output.toString(), "--public-key", key);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("valid: receipt and output and key of attempt attempt-1 (task task-1, SUCCEEDED) signed by node "
                + NODE.nodeId());
    }

    @Test
    void a_receipt_wrapped_in_an_object_is_read_too() throws Exception {
        Path receipt = write("wrapped.json", Json.mapper().writeValueAsBytes(Map.of("receipt", receipt())));
        assertThat(verify(receipt.toString()).exitCode()).isZero();
    }

    @Test
    void tampered_output_and_receipt_fail_with_each_problem_listed() throws Exception {
        Receipt genuine = receipt();
        Path receipt = write("receipt.json", Json.mapper().writeValueAsBytes(genuine));
        Path output = write("output", "43\n".getBytes(StandardCharsets.UTF_8));

        Run run = verify(receipt.toString(), output.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.RECEIPT_INVALID).isEqualTo(3);
        assertThat(run.out()).contains("INVALID", "  - output does not match outputHash", "  - output does not match merkleRoot");

        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(genuine);
        tree.put("fuel", 1);
        Path tampered = write("tampered.json", Json.mapper().writeValueAsBytes(tree));
        Run tamperedRun = verify(tampered.toString());
        assertThat(tamperedRun.exitCode()).isEqualTo(3);
        assertThat(tamperedRun.out()).contains("  - signature does not verify");

        String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(verify(receipt.toString(), "--public-key", otherKey).out()).contains("  - publicKey is not the expected key");
    }

    @Test
    void a_file_that_is_not_a_receipt_is_bad_input_naming_the_field() throws Exception {
        Path bogus = write("bogus.json", "{\"receipt\": {\"bogus\": 1}}".getBytes(StandardCharsets.UTF_8));
        assertThat(Main.execute("verify", bogus.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(Main.execute("verify", dir.resolve("missing.json").toString())).isEqualTo(ExitCodes.USAGE);
    }
}
