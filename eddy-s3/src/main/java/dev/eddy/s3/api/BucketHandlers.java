package dev.eddy.s3.api;

import dev.eddy.s3.S3Exception;
import dev.eddy.s3.store.ObjectStore;
import dev.eddy.service.rest.RestRequest;
import dev.eddy.service.rest.RestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Pattern;

/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation. */
public final class BucketHandlers {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private final ObjectStore store;
    private final Clock clock;
    private final String region;
    private final String accountId;

    public BucketHandlers(ObjectStore store, Clock clock, String region, String accountId) {
        this.store = store;
        this.clock = clock;
        this.region = region;
        this.accountId = accountId;
    }

    public RestResponse list(RestRequest r) {
        Xml x = Xml.document("ListAllMyBucketsResult", Xml.NAMESPACE)
                .start("Owner")
                .element("ID", accountId)
                .element("DisplayName", accountId)
                .end()
                .start("Buckets");
        for (ObjectStore.Bucket b : store.buckets()) {
            x.start("Bucket")
                    .element("Name", b.name())
                    .time("CreationDate", b.createdMillis())
                    .end();
        }
        x.end();
        return RestResponse.of(200).withBody(x.bytes(), "application/xml");
    }

    public RestResponse create(RestRequest r, String bucket, byte[] body) {
        validName(bucket);
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("<LocationConstraint>");
        if (at >= 0) {
            String constraint = text.substring(at + 20, Math.max(at + 20, text.indexOf("</LocationConstraint>")))
                    .strip();
            if (!constraint.isEmpty() && !constraint.equals(region)) {
                throw new S3Exception(
                        "IllegalLocationConstraintException",
                        400,
                        "The " + constraint + " location constraint is incompatible for the region specific endpoint"
                                + " this request was sent to.");
            }
        }
        if (!store.createBucket(bucket, clock.millis())) {
            throw new S3Exception(
                    "BucketAlreadyOwnedByYou",
                    409,
                    "Your previous request to create the named bucket succeeded and you already own it.",
                    "BucketName",
                    bucket);
        }
        return RestResponse.of(200).header("Location", "/" + bucket);
    }

    public RestResponse head(String bucket) {
        bucket(bucket);
        return RestResponse.of(200).header("x-amz-bucket-region", region);
    }

    public RestResponse delete(String bucket) {
        bucket(bucket);
        if (!store.deleteBucket(bucket)) {
            throw new S3Exception(
                    "BucketNotEmpty", 409, "The bucket you tried to delete is not empty", "BucketName", bucket);
        }
        return RestResponse.of(204);
    }

    public RestResponse location(String bucket) {
        bucket(bucket);
        Xml x = Xml.document("LocationConstraint", Xml.NAMESPACE);
        byte[] body = region.equals("us-east-1")
                ? ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + Xml.NAMESPACE + "\"/>")
                        .getBytes(StandardCharsets.UTF_8)
                : new String(x.bytes(), StandardCharsets.UTF_8)
                        .replace("></LocationConstraint>", ">" + region + "</LocationConstraint>")
                        .getBytes(StandardCharsets.UTF_8);
        return RestResponse.of(200).withBody(body, "application/xml");
    }

    private ObjectStore.Bucket bucket(String name) {
        return existing(store, name);
    }

    /** The bucket named {@code name}, or NoSuchBucket. */
    static ObjectStore.Bucket existing(ObjectStore store, String name) {
        ObjectStore.Bucket b = store.bucket(name);
        if (b == null) {
            throw S3Exception.noSuchBucket(name);
        }
        return b;
    }

    /** S3's naming rules: 3–63 of lower-case letters, digits, dots and hyphens, no "..", not an IP. */
    static void validName(String name) {
        if (!NAME.matcher(name).matches()
                || name.contains("..")
                || IP.matcher(name).matches()
                || name.startsWith("xn--")
                || name.endsWith("-s3alias")) {
            throw new S3Exception("InvalidBucketName", 400, "The specified bucket is not valid.", "BucketName", name);
        }
    }
}
