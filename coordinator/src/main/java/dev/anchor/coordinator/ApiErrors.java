package dev.anchor.coordinator;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorBody;
import dev.anchor.api.ErrorCode;
import dev.anchor.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into HTTP answers, always in the shape
 * {@code {"error": {"code", "message", "details"}}}. A database failure is 503 UNAVAILABLE (retry);
 * anything else unexpected is logged and answered 500 without internals.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {}

    static void install(Javalin app) {
        app.exception(AnchorException.class, (e, ctx) -> write(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromStatus(e.getStatus(), e.getMessage())));
        app.exception(StoreException.class, (e, ctx) -> storeUnavailable(ctx, e));
        app.exception(Exception.class, (e, ctx) -> {
            if (causedByStore(e)) {
                storeUnavailable(ctx, e);
                return;
            }
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, new AnchorException(ErrorCode.INTERNAL, "internal error; the coordinator logged the details"));
        });
        app.error(404, ctx -> {
            // Our own 404s already carry the error shape; Javalin's "Endpoint not found" page does not.
            String result = ctx.result();
            if (result == null || !result.startsWith("{\"error\"")) {
                write(ctx, new AnchorException(ErrorCode.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(405, ctx -> write(ctx, new AnchorException(ErrorCode.METHOD_NOT_ALLOWED, "method " + ctx.method()
                + " is not allowed on " + ctx.path())));
    }

    /**
     * The database failed or is unreachable (PostgreSQL restarting, say): 503 with {@code Retry-After},
     * which clients and agents retry. One line per request, not a stack trace: an outage makes many.
     */
    private static void storeUnavailable(Context ctx, Exception e) {
        LOG.warn("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        LOG.debug("store failure", e);
        ctx.header("Retry-After", "1");
        write(ctx, new AnchorException(ErrorCode.UNAVAILABLE, "the store is unavailable; try again"));
    }

    /** Whether a failure came from the database (wrapped by a library on its way up). */
    static boolean causedByStore(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreException || t instanceof java.sql.SQLException) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    static void write(Context ctx, AnchorException e) {
        ctx.status(e.code().httpStatus());
        ErrorBody body = e.toBody();
        ctx.json(body);
    }

    private static AnchorException fromStatus(int status, String message) {
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
        };
        return new AnchorException(code, message == null || message.isBlank() ? code.wireName() : message, Map.of());
    }
}
