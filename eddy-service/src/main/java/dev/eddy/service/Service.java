package dev.eddy.service;

import dev.eddy.protocol.model.Operation;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.validation.Validator;
import java.util.Map;

/**
 * One AWS service as one account sees it: its model (operations, shapes, protocols), a handler per
 * action, how its errors are spelt, and what each request acts on for authorisation. The server's
 * router finds the service a request is for (by {@code X-Amz-Target} prefix, RPC v2 path or
 * awsQuery version, all read from the model), authenticates the caller, decodes and validates the
 * input by the model, checks the caller's policies against {@link #resource} and hands the input
 * to the handler. A service module never parses HTTP, signatures or policies.
 *
 * <p>An instance serves one account; every account's instance has the same model. Implementations
 * are thread-safe: handlers run on many event loops at once.
 */
public interface Service extends AutoCloseable {
    /** The service's model, shared by every account. */
    ServiceModel model();

    /** The prefix of the service's policy actions ({@code kinesis}, {@code dynamodb}). */
    String policyPrefix();

    /** A handler for each action the service offers (by operation name). */
    Map<String, Handler> handlers();

    /** The actions answered with an event stream, by operation name. */
    default Map<String, StreamingHandler> streaming() {
        return Map.of();
    }

    /** How the service spells its errors on the wire. */
    ErrorStyle errors();

    /**
     * Checks a decoded request before its handler runs: by default against the model's
     * constraints, with AWS's validation messages. A service whose own checks come first (and
     * speak its own errors) does them here.
     */
    default void validate(Operation operation, Map<String, Object> input) {
        if (operation.input() != null) {
            Validator.validate(operation.input(), input);
        }
    }

    /** What this service adds to the server's {@code /metrics}. */
    default java.util.List<MetricSample> prometheus() {
        return java.util.List.of();
    }

    /**
     * The service's error for a failure it raised in its own terms (an exception of its engine),
     * or null if {@code failure} is not one of its own.
     */
    default ServiceException error(Throwable failure) {
        return null;
    }

    /**
     * The ARN of the resource a request acts on, for authorisation and for finding the account
     * that owns it; {@code "*"} for requests that name none.
     */
    default String resource(String operation, Input input) {
        return "*";
    }

    /** The resource policy attached to {@code arn} in this account, or null. */
    default String resourcePolicy(String arn) {
        return null;
    }

    /** Whether responses carry {@code x-amz-crc32}, the CRC32 of the body (DynamoDB's clients check it). */
    default boolean checksumsResponses() {
        return false;
    }

    /** Periodic work (expiry, state changes), called by the server's housekeeping thread. */
    default void housekeeping() {}

    /** Releases what the service holds; its store is closed by whoever opened it. */
    @Override
    default void close() {}
}
