package dev.eddy.engine;

/**
 * An operation failed the way Kinesis says it fails: the error's AWS name and HTTP status come
 * from {@link ErrorCode}, the message is the service's wording. Thrown by the engine's control
 * operations; data-path per-record failures are returned as values instead.
 */
public final class KinesisException extends RuntimeException {
    private final ErrorCode code;

    public KinesisException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static KinesisException notFound(String message) {
        return new KinesisException(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    public static KinesisException invalidArgument(String message) {
        return new KinesisException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static KinesisException inUse(String message) {
        return new KinesisException(ErrorCode.RESOURCE_IN_USE, message);
    }

    public static KinesisException limitExceeded(String message) {
        return new KinesisException(ErrorCode.LIMIT_EXCEEDED, message);
    }

    public static KinesisException validation(String message) {
        return new KinesisException(ErrorCode.VALIDATION, message);
    }
}
