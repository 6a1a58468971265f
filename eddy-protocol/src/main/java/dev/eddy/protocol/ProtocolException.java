package dev.eddy.protocol;

/**
 * A request the protocol layer rejects before any operation runs: it cannot be parsed, names no
 * known operation, or breaks a constraint of the service model. Carries the AWS error type and
 * HTTP status a real client expects.
 */
public final class ProtocolException extends RuntimeException {
    /** The protocol-level errors, with their wire names and statuses. */
    public enum Type {
        VALIDATION("ValidationException", 400),
        SERIALIZATION("SerializationException", 400),
        UNKNOWN_OPERATION("UnknownOperationException", 400),
        UNSUPPORTED_CONTENT("UnknownOperationException", 404),
        ACCESS_DENIED("AccessDeniedException", 403),
        MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
        INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
        INVALID_SIGNATURE("InvalidSignatureException", 400),
        UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
        REQUEST_TOO_LARGE("SerializationException", 413),
        /** awsQuery: a parameter whose value cannot be read as its type. */
        MALFORMED_QUERY("MalformedQueryString", 400),
        /** awsQuery: a form without an Action or with one the service does not have. */
        INVALID_ACTION("InvalidAction", 400);

        private final String wireName;
        private final int status;

        Type(String wireName, int status) {
            this.wireName = wireName;
            this.status = status;
        }

        public String wireName() {
            return wireName;
        }

        public int status() {
            return status;
        }
    }

    private final Type type;

    public ProtocolException(Type type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
