package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.BlobView;
import dev.anchor.store.BlobStore;
import dev.anchor.store.Hashes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.InputStream;

/**
 * Blob upload and download. {@code PUT /blobs/{sha256}} verifies the content against the name;
 * {@code POST /blobs} names it by its hash. A blob's hash is its capability: any authenticated user
 * or node that knows it may read it.
 */
final class BlobRoutes {
    private final BlobStore blobs;
    private final Authenticator auth;
    private final long maxBlobBytes;

    BlobRoutes(BlobStore blobs, Authenticator auth, long maxBlobBytes) {
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.maxBlobBytes = maxBlobBytes;
    }

    void register(Javalin app) {
        app.post("/api/v1/blobs", ctx -> upload(ctx, null));
        app.put("/api/v1/blobs/{sha256}", ctx -> upload(ctx, ctx.pathParam("sha256")));
        app.get("/api/v1/blobs/{sha256}", this::download);
        app.head("/api/v1/blobs/{sha256}", this::stat);
    }

    private void authenticate(Context ctx) {
        // Nodes and users share the blob routes; node session tokens are recognisable by their prefix.
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer nt_", 0, 10)) auth.node(ctx);
        else auth.user(ctx);
    }

    private void upload(Context ctx, String expected) {
        authenticate(ctx);
        if (expected != null && !Hashes.isSha256Hex(expected)) throw AnchorException.invalidField("sha256", "must be 64 lower-case hex digits");
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBlobBytes) {
            throw new AnchorException(dev.anchor.api.ErrorCode.PAYLOAD_TOO_LARGE, "blob is larger than the limit of " + maxBlobBytes + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            BlobView view = blobs.put(in, maxBlobBytes, expected);
            ctx.status(201).json(view);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void download(Context ctx) {
        authenticate(ctx);
        String sha256 = ctx.pathParam("sha256");
        BlobView view = blobs.stat(sha256).orElseThrow(() -> AnchorException.notFound("blob " + sha256));
        InputStream in = blobs.open(sha256).orElseThrow(() -> AnchorException.notFound("blob " + sha256));
        ctx.contentType("application/octet-stream");
        ctx.header("Content-Length", Long.toString(view.size()));
        ctx.header("ETag", '"' + sha256 + '"');
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.result(in);
    }

    private void stat(Context ctx) {
        authenticate(ctx);
        String sha256 = ctx.pathParam("sha256");
        BlobView view = blobs.stat(sha256).orElseThrow(() -> AnchorException.notFound("blob " + sha256));
        ctx.header("Content-Length", Long.toString(view.size()));
        ctx.status(200);
    }
}
