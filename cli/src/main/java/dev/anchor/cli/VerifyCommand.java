package dev.anchor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.Json;
import dev.anchor.api.Receipt;
import dev.anchor.receipt.MerkleTree;
import dev.anchor.receipt.OutputDigest;
import dev.anchor.receipt.ReceiptVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a receipt offline, with nothing but the receipt, the node's public key and, when given, the
 * output: signature (strict Ed25519), nodeId = fingerprint of the key, executionHash, and the output
 * against its size, hash and Merkle root (streamed, so outputs of any size). Exit 0 when valid,
 * {@link ExitCodes#RECEIPT_INVALID} when not, 2 when the files cannot be read as a receipt.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a receipt (and its output) offline with the node's public key.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RECEIPT", description = "Receipt JSON: the receipt itself, or an object with a \"receipt\" member.")
    Path receiptFile;

    @Parameters(index = "1", paramLabel = "OUTPUT", arity = "0..1", description = "The output bytes to check against the receipt.")
    Path outputFile;

    @Option(names = "--public-key", paramLabel = "BASE64", description = "The node's public key (raw 32 bytes, base64) the receipt must carry.")
    String publicKey;

    @Override
    public Integer call() {
        Receipt receipt = readReceipt(receiptFile);
        byte[] expectedKey = expectedKey();
        OutputDigest.Result output = outputFile == null || receipt.chunkSize() != MerkleTree.CHUNK_SIZE ? null : digest(outputFile);
        ReceiptVerifier.Result result = ReceiptVerifier.verify(receipt, output, expectedKey);
        PrintWriter out = spec.commandLine().getOut();
        String checked = (outputFile != null ? " and output" : "") + (expectedKey != null ? " and key" : "");
        if (result.valid()) {
            out.println("valid: receipt" + checked + " of attempt " + Terminal.inert(receipt.attemptId()) + " (task "
                    + Terminal.inert(receipt.taskId()) + ", " + Terminal.inert(receipt.outcome()) + ") signed by node "
                    + Terminal.inert(receipt.nodeId()));
        } else {
            out.println("INVALID: receipt" + checked + ": " + result.problems().size() + " problem(s)");
            for (String problem : result.problems()) out.println("  - " + Terminal.inert(problem));
            if (outputFile != null && output == null) out.println("  (output not checked: chunkSize is not " + MerkleTree.CHUNK_SIZE + ")");
        }
        out.flush();
        return result.valid() ? ExitCodes.OK : ExitCodes.RECEIPT_INVALID;
    }

    private byte[] expectedKey() {
        if (publicKey == null) return null;
        try {
            byte[] key = Base64.getDecoder().decode(publicKey.trim());
            if (key.length != 32) throw new CliException("--public-key: must be base64 of 32 bytes, not " + key.length, ExitCodes.USAGE);
            return key;
        } catch (IllegalArgumentException e) {
            throw new CliException("--public-key: not valid base64", ExitCodes.USAGE);
        }
    }

    static Receipt readReceipt(Path file) {
        try {
            JsonNode tree = Json.mapper().readTree(Files.readAllBytes(file));
            if (tree == null || !tree.isObject()) throw new CliException(file + ": expected a JSON object holding a receipt", ExitCodes.USAGE);
            JsonNode receipt = tree.has("receipt") ? tree.get("receipt") : tree;
            if (!receipt.isObject()) throw new CliException(file + ": receipt: expected an object", ExitCodes.USAGE);
            return Json.mapper().treeToValue(receipt, Receipt.class);
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file", ExitCodes.USAGE);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName).filter(java.util.Objects::nonNull)
                    .collect(Collectors.joining("."));
            throw new CliException(file + ": " + (field.isEmpty() ? "" : field + ": ") + e.getOriginalMessage().lines().findFirst().orElse(""),
                    ExitCodes.USAGE);
        } catch (JsonProcessingException e) {
            throw new CliException(file + ": malformed JSON: " + e.getOriginalMessage(), ExitCodes.USAGE);
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage(), ExitCodes.USAGE);
        }
    }

    private static OutputDigest.Result digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return OutputDigest.of(in, MerkleTree.CHUNK_SIZE);
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file", ExitCodes.USAGE);
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage(), ExitCodes.USAGE);
        }
    }
}
