package dev.eddy.engine;

/** The Kinesis errors the engine raises, with their wire names and HTTP statuses. */
public enum ErrorCode {
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    RESOURCE_IN_USE("ResourceInUseException", 400),
    INVALID_ARGUMENT("InvalidArgumentException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400),
    EXPIRED_ITERATOR("ExpiredIteratorException", 400),
    EXPIRED_NEXT_TOKEN("ExpiredNextTokenException", 400),
    VALIDATION("ValidationException", 400),
    ACCESS_DENIED("AccessDeniedException", 400),
    KMS_NOT_FOUND("KMSNotFoundException", 400),
    KMS_DISABLED("KMSDisabledException", 400),
    KMS_INVALID_STATE("KMSInvalidStateException", 400),
    INTERNAL_FAILURE("InternalFailure", 500);

    private final String wireName;
    private final int status;

    ErrorCode(String wireName, int status) {
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
