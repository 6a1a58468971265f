package dev.eddy.s3;

/** An S3 error: its code, HTTP status and message, and the resource it names (a key or bucket), if any. */
public final class S3Exception extends RuntimeException {
    private final String code;
    private final int status;
    private final String resourceElement;
    private final String resource;

    public S3Exception(String code, int status, String message) {
        this(code, status, message, null, null);
    }

    public S3Exception(String code, int status, String message, String resourceElement, String resource) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.resourceElement = resourceElement;
        this.resource = resource;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** The element naming what the error is about ({@code Key}, {@code BucketName}), or null. */
    public String resourceElement() {
        return resourceElement;
    }

    public String resource() {
        return resource;
    }

    public static S3Exception noSuchBucket(String bucket) {
        return new S3Exception("NoSuchBucket", 404, "The specified bucket does not exist", "BucketName", bucket);
    }

    public static S3Exception noSuchKey(String key) {
        return new S3Exception("NoSuchKey", 404, "The specified key does not exist.", "Key", key);
    }

    public static S3Exception noSuchUpload(String id) {
        return new S3Exception(
                "NoSuchUpload",
                404,
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been"
                        + " aborted or completed.",
                "UploadId",
                id);
    }

    public static S3Exception invalidArgument(String message, String name, String value) {
        return new S3Exception("InvalidArgument", 400, message, "ArgumentName", name);
    }

    public static S3Exception malformedXml() {
        return new S3Exception(
                "MalformedXML",
                400,
                "The XML you provided was not well-formed or did not validate against our published schema");
    }
}
