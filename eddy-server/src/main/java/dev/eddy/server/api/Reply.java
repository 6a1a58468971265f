package dev.eddy.server.api;

import io.netty.buffer.ByteBuf;

/** An HTTP response to a Kinesis request: status, body and, for errors, the AWS error type. */
public record Reply(int status, String contentType, ByteBuf body, String errorType) {}
