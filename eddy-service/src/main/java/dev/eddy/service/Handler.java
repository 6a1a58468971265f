package dev.eddy.service;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One action of a service. Receives the decoded, validated request and returns the response
 * members, at once or as a future (for writes that complete on a durable flush). Fails with the
 * service's errors (a {@link ServiceException}, or an exception its {@link Service#error} maps).
 * Runs on a network event loop: must not block.
 */
@FunctionalInterface
public interface Handler {
    CompletableFuture<Map<String, Object>> handle(Input input);

    static CompletableFuture<Map<String, Object>> done(Map<String, Object> response) {
        return CompletableFuture.completedFuture(response);
    }
}
