package dev.eddy.dynamodb;

import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.service.ServiceException;
import java.util.List;
import java.util.Map;

/** DynamoDB's errors, each with its type, status and the service's wording. */
public final class DynamoDbException extends ServiceException {
    private static final long serialVersionUID = 1L;

    private DynamoDbException(String code, int status, String message, Map<String, Object> members) {
        super(code, status, message, members);
    }

    public static DynamoDbException validation(String message) {
        return new DynamoDbException("ValidationException", 400, message, Map.of());
    }

    /** A request-level check refused in one of the cases AWS now words as a validation list. */
    public static DynamoDbException validationListed(String message) {
        return validation("1 validation error detected: " + message);
    }

    public static DynamoDbException notFound(String message) {
        return new DynamoDbException("ResourceNotFoundException", 400, message, Map.of());
    }

    /** The data-plane answer for a table that does not exist (or is not ready). */
    public static DynamoDbException tableNotFound() {
        return notFound("Requested resource not found");
    }

    public static DynamoDbException inUse(String message) {
        return new DynamoDbException("ResourceInUseException", 400, message, Map.of());
    }

    public static DynamoDbException limitExceeded(String message) {
        return new DynamoDbException("LimitExceededException", 400, message, Map.of());
    }

    /** A failed condition; the item that failed it when the request asked for it (ALL_OLD). */
    public static DynamoDbException conditionalCheckFailed(Map<String, AttributeValue> item) {
        return new DynamoDbException(
                "ConditionalCheckFailedException",
                400,
                "The conditional request failed",
                item == null ? Map.of() : Map.of("Item", Wire.toWire(item)));
    }

    /** A cancelled transaction: one reason per action, in order ({@code Code}, {@code Message}, {@code Item}). */
    public static DynamoDbException transactionCanceled(List<Map<String, Object>> reasons) {
        StringBuilder codes = new StringBuilder();
        for (Map<String, Object> r : reasons) {
            codes.append(codes.length() == 0 ? "" : ", ").append(r.get("Code"));
        }
        return new DynamoDbException(
                "TransactionCanceledException",
                400,
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]",
                Map.of("CancellationReasons", reasons));
    }

    public static DynamoDbException idempotentMismatch() {
        return new DynamoDbException(
                "IdempotentParameterMismatchException",
                400,
                "Specified idempotent token was used with different request parameters within the idempotency window",
                Map.of());
    }

    public static DynamoDbException serialization(String message) {
        return new DynamoDbException("SerializationException", 400, message, Map.of());
    }

    public static DynamoDbException internal(String message) {
        return new DynamoDbException("InternalServerError", 500, message, Map.of());
    }
}
