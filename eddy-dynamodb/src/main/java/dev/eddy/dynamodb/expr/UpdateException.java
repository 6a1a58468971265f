package dev.eddy.dynamodb.expr;

/** An update that cannot be applied to the item it met, with DynamoDB's message. */
public final class UpdateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UpdateException(String message) {
        super(message, null, false, false);
    }

    static UpdateException invalidPath() {
        return new UpdateException("The document path provided in the update expression is invalid for update");
    }

    static UpdateException missingOperand() {
        return new UpdateException("The provided expression refers to an attribute that does not exist in the item");
    }

    static UpdateException wrongType() {
        return new UpdateException("An operand in the update expression has an incorrect data type");
    }
}
