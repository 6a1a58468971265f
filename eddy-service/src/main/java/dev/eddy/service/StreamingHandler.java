package dev.eddy.server.api;

import dev.eddy.engine.ShardSubscription;

/**
 * An action answered with a stream of events rather than one body (SubscribeToShard). Errors
 * before the stream starts are thrown as usual and become ordinary HTTP errors.
 */
@FunctionalInterface
public interface StreamingHandler {
    ShardSubscription subscribe(Input input);
}
