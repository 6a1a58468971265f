package dev.eddy.server.api;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * An HTTP response to a service request: status, Content-Type (null for a response without a
 * body), body, the AWS error type for errors, headers the protocol adds ({@code smithy-protocol},
 * {@code x-amzn-query-error}, {@code x-amz-crc32}) and the request id the response carries; or,
 * for SubscribeToShard, the subscription whose events the transport streams.
 */
public record Reply(
        int status,
        String contentType,
        ByteBuf body,
        String errorType,
        Map<String, String> headers,
        String requestId,
        Object subscription) {
    public Reply(int status, String contentType, ByteBuf body, String errorType) {
        this(status, contentType, body, errorType, Map.of(), null, null);
    }

    public static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
}
