package dev.eddy.dynamodb.expr;

/**
 * An expression DynamoDB refuses, with the detail of its message ({@code Syntax error; token: ...}).
 * The caller names the parameter ({@code Invalid ConditionExpression: }) when it reports it.
 */
public final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Where in the expression's tokens a syntax error was found (-1 for other errors). */
    final int at;

    public ExpressionException(String detail) {
        this(detail, -1);
    }

    ExpressionException(String detail, int at) {
        super(detail, null, false, false);
        this.at = at;
    }
}
