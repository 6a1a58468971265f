package dev.eddy.dynamodb.value;

/**
 * A value that DynamoDB refuses (a malformed number, an empty set...), with its message; the
 * caller adds the context ({@code ExpressionAttributeValues contains invalid value: ...}).
 */
public final class ValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ValueException(String message) {
        super(message, null, false, false);
    }
}
