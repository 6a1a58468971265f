package dev.eddy.server.api;

import dev.eddy.engine.ShardSubscription;
import io.netty.buffer.ByteBuf;

/**
 * An HTTP response to a Kinesis request: status, body and, for errors, the AWS error type; or,
 * for SubscribeToShard, the subscription whose events the transport streams.
 */
public record Reply(int status, String contentType, ByteBuf body, String errorType, ShardSubscription subscription) {
    public Reply(int status, String contentType, ByteBuf body, String errorType) {
        this(status, contentType, body, errorType, null);
    }

    public static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
}
