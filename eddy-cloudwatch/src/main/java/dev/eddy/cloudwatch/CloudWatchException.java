package dev.eddy.cloudwatch;

import dev.eddy.service.ServiceException;
import java.util.List;

/** CloudWatch's errors, with their model shapes' names (the router spells their awsQuery codes). */
public final class CloudWatchException extends ServiceException {
    private static final long serialVersionUID = 1L;

    private CloudWatchException(String code, int status, String message) {
        super(code, status, message);
    }

    public static CloudWatchException invalidValue(String message) {
        return new CloudWatchException("InvalidParameterValueException", 400, message);
    }

    public static CloudWatchException missing(String parameter) {
        return new CloudWatchException(
                "MissingRequiredParameterException", 400, "The parameter " + parameter + " is required.");
    }

    public static CloudWatchException combination(String message) {
        return new CloudWatchException("InvalidParameterCombinationException", 400, message);
    }

    /** GetMetricData's checks, spoken as the unmodelled ValidationError, one line per problem. */
    public static CloudWatchException validation(List<String> lines) {
        return new CloudWatchException("ValidationException", 400, String.join("\n", lines) + "\n");
    }

    public static CloudWatchException invalidNextToken() {
        return new CloudWatchException("InvalidNextToken", 400, "The value of the NextToken parameter is invalid.");
    }

    /** Several datums (or members) failing the same check: one error, a line each. */
    public static CloudWatchException invalidValues(List<String> lines) {
        return invalidValue(String.join("\n", lines));
    }
}
