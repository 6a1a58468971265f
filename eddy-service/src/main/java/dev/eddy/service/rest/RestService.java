package dev.eddy.service.rest;

import java.util.concurrent.CompletableFuture;

/**
 * A service whose API is REST-style (S3): requests are routed to it by the SigV4 signing name
 * their credential scope carries ({@link #signingName}); the server authenticates the caller once,
 * decodes the payload's transfer framing it signed, and hands the rest over. One instance serves
 * one account. Implementations are thread-safe and may block only on their own executors: {@link
 * #handle} runs on a network event loop and returns a future.
 */
public interface RestService extends AutoCloseable {
    /** The SigV4 service name of the credential scope ({@code s3}). */
    String signingName();

    /** The prefix of the service's policy actions ({@code s3}). */
    String policyPrefix();

    /** What a request asks to do and to what, for authorisation: {@code PutObject}, {@code arn:aws:s3:::b/k}. */
    record Access(String action, String resource) {}

    /** The action and resource of {@code request}, checked against the caller's policies before {@link #handle}. */
    Access access(RestRequest request);

    CompletableFuture<RestResponse> handle(RestRequest request);

    /** Periodic work, called by the server's housekeeping thread. */
    default void housekeeping() {}

    @Override
    default void close() {}
}
