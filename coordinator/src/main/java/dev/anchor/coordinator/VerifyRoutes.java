package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.Receipt;
import dev.anchor.receipt.MerkleTree;
import dev.anchor.receipt.OutputDigest;
import dev.anchor.receipt.ReceiptVerifier;
import dev.anchor.store.BlobStore;
import dev.anchor.store.Hashes;
import dev.anchor.store.NodeStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/verify} (alias {@code POST /api/dag/verify}): the offline receipt check of
 * {@code anchor verify}, for any authenticated user, plus one check only the coordinator can make: a
 * receipt whose {@code nodeId} is a registered node must carry that node's registered key. The output,
 * when given, is inline base64 or an uploaded blob (streamed from the blob store). It does not consume
 * the receipt's nonce: verifying is read-only.
 */
final class VerifyRoutes {
    private final NodeStore nodes;
    private final BlobStore blobs;
    private final Authenticator auth;
    private final JsonBodies bodies;

    VerifyRoutes(NodeStore nodes, BlobStore blobs, Authenticator auth, JsonBodies bodies) {
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.bodies = requireNonNull(bodies, "bodies is null");
    }

    /** The request: a receipt and, optionally, the output as inline bytes or a blob. */
    record VerifyRequest(Receipt receipt, Output output, String outputBlob) {}

    record Output(String base64) {}

    /** The verdict; {@code nodeRegistered}: the receipt's nodeId is a node this coordinator knows. */
    record VerifyResponse(boolean valid, List<String> problems, boolean nodeRegistered) {}

    void register(Javalin app) {
        app.post("/api/v1/verify", this::verify);
        app.post("/api/dag/verify", this::verify);
    }

    private void verify(Context ctx) {
        auth.user(ctx);
        VerifyRequest request = bodies.read(ctx, VerifyRequest.class);
        if (request.receipt() == null) throw AnchorException.invalidField("receipt", "is required");
        if (request.output() != null && request.outputBlob() != null) {
            throw AnchorException.invalidField("output", "give output or outputBlob, not both");
        }
        Receipt receipt = request.receipt();
        OutputDigest.Result output = output(request, receipt.chunkSize());
        Optional<String> registered = receipt.nodeId() == null ? Optional.empty() : nodes.publicKey(receipt.nodeId());
        byte[] expectedKey = registered.map(VerifyRoutes::decodeKey).orElse(null);
        List<String> problems = new ArrayList<>(ReceiptVerifier.verify(receipt, output, expectedKey).problems());
        if (registered.isPresent() && expectedKey == null) problems.add("the registered key of node " + receipt.nodeId() + " is unreadable");
        if (hasOutput(request) && output == null) problems.add("output not checked: chunkSize is not " + MerkleTree.CHUNK_SIZE);
        ctx.json(new VerifyResponse(problems.isEmpty(), problems, registered.isPresent()));
    }

    private static boolean hasOutput(VerifyRequest request) {
        return request.output() != null || request.outputBlob() != null;
    }

    private OutputDigest.Result output(VerifyRequest request, int chunkSize) {
        if (request.output() != null) {
            if (request.output().base64() == null) throw AnchorException.invalidField("output.base64", "is required");
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(request.output().base64());
            } catch (IllegalArgumentException e) {
                throw AnchorException.invalidField("output.base64", "not valid base64");
            }
            return chunkSize == MerkleTree.CHUNK_SIZE ? OutputDigest.of(bytes, chunkSize) : null;
        }
        if (request.outputBlob() != null) {
            String blob = request.outputBlob();
            if (!Hashes.isSha256Hex(blob)) throw AnchorException.invalidField("outputBlob", "must be 64 lower-case hex digits");
            InputStream in = blobs.open(blob).orElseThrow(() -> new AnchorException(ErrorCode.NOT_FOUND, "blob " + blob + " not found",
                    Map.of("field", "outputBlob")));
            if (chunkSize != MerkleTree.CHUNK_SIZE) {
                close(in);
                return null;
            }
            try (in) {
                return OutputDigest.of(in, chunkSize);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing was read from it.
        }
    }

    private static byte[] decodeKey(String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64);
            return key.length == 32 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
