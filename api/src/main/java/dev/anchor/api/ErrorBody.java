package dev.anchor.api;

import java.util.Map;

/** The one error shape: {@code {"error": {"code", "message", "details"}}}. */
public record ErrorBody(Detail error) {
    public record Detail(String code, String message, Map<String, Object> details) {}
}
