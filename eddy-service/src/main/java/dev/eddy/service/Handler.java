package dev.eddy.server.api;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One Kinesis action. Receives the decoded, validated request and returns the response members,
 * at once or as a future (for appends that complete on a durable flush). Throws {@link
 * dev.eddy.engine.KinesisException} for the action's errors. Runs on a Netty event loop: must not
 * block.
 */
@FunctionalInterface
public interface Handler {
    CompletableFuture<Map<String, Object>> handle(Input input);

    static CompletableFuture<Map<String, Object>> done(Map<String, Object> response) {
        return CompletableFuture.completedFuture(response);
    }
}
