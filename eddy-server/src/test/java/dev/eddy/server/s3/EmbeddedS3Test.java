package dev.eddy.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The embedded S3 through the SDK for Java v2's S3 client (path-style, its default CRC32 checksums). */
class EmbeddedS3Test {
    @TempDir
    Path dir;

    TestServer server;
    S3Client s3;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        s3 = server.s3();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private S3Exception failure(Runnable r) {
        S3Exception e = catchThrowableOfType(S3Exception.class, r::run);
        assertThat(e).as("the call should fail").isNotNull();
        return e;
    }

    @Test
    void bucketsAreCreatedListedAndDeletedWithS3sErrors() {
        s3.createBucket(b -> b.bucket("alpha"));
        s3.createBucket(b -> b.bucket("beta.1"));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("alpha", "beta.1");
        s3.headBucket(b -> b.bucket("alpha"));

        S3Exception again = failure(() -> s3.createBucket(b -> b.bucket("alpha")));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");

        S3Exception bad = failure(() -> s3.createBucket(b -> b.bucket("xn--reserved-prefix")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName");
        assertThat(bad.awsErrorDetails().errorMessage()).isEqualTo("The specified bucket is not valid.");

        assertThat(failure(() -> s3.headBucket(b -> b.bucket("missing"))).statusCode())
                .isEqualTo(404);
        S3Exception missing = failure(() -> s3.listObjectsV2(b -> b.bucket("missing")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");

        s3.putObject(b -> b.bucket("alpha").key("k"), RequestBody.fromString("x"));
        S3Exception notEmpty = failure(() -> s3.deleteBucket(b -> b.bucket("alpha")));
        assertThat(notEmpty.statusCode()).isEqualTo(409);
        assertThat(notEmpty.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
        s3.deleteObject(b -> b.bucket("alpha").key("k"));
        s3.deleteBucket(b -> b.bucket("alpha"));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("beta.1");
    }

    @Test
    void objectsRoundTripWithMetadataChecksumsRangesAndConditions() {
        s3.createBucket(b -> b.bucket("data"));
        byte[] body = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
        var put = s3.putObject(
                b -> b.bucket("data")
                        .key("dir/file name+1.txt")
                        .contentType("text/plain")
                        .metadata(Map.of("color", "blue"))
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                RequestBody.fromBytes(body));
        assertThat(put.eTag()).isEqualTo("\"" + md5Hex(body) + "\"");
        assertThat(put.checksumCRC32()).isNotNull();

        ResponseBytes<GetObjectResponse> got =
                s3.getObjectAsBytes(b -> b.bucket("data").key("dir/file name+1.txt"));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().metadata()).containsEntry("color", "blue");
        assertThat(got.response().eTag()).isEqualTo(put.eTag());

        var head = s3.headObject(b -> b.bucket("data").key("dir/file name+1.txt"));
        assertThat(head.contentLength()).isEqualTo(20);

        var range = s3.getObjectAsBytes(
                b -> b.bucket("data").key("dir/file name+1.txt").range("bytes=5-9"));
        assertThat(range.asUtf8String()).isEqualTo("56789");
        assertThat(range.response().contentRange()).isEqualTo("bytes 5-9/20");
        var tail = s3.getObjectAsBytes(
                b -> b.bucket("data").key("dir/file name+1.txt").range("bytes=-3"));
        assertThat(tail.asUtf8String()).isEqualTo("hij");
        S3Exception unsatisfiable = failure(() ->
                s3.getObject(b -> b.bucket("data").key("dir/file name+1.txt").range("bytes=50-")));
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");

        S3Exception precondition = failure(() ->
                s3.getObject(b -> b.bucket("data").key("dir/file name+1.txt").ifMatch("\"nope\"")));
        assertThat(precondition.statusCode()).isEqualTo(412);
        S3Exception notModified = failure(() ->
                s3.getObject(b -> b.bucket("data").key("dir/file name+1.txt").ifNoneMatch(put.eTag())));
        assertThat(notModified.statusCode()).isEqualTo(304);
        S3Exception notModifiedSince = failure(() -> s3.getObject(b -> b.bucket("data")
                .key("dir/file name+1.txt")
                .ifModifiedSince(Instant.now().plusSeconds(60))));
        assertThat(notModifiedSince.statusCode()).isEqualTo(304);

        S3Exception noKey = failure(() -> s3.getObject(b -> b.bucket("data").key("absent")));
        assertThat(noKey.statusCode()).isEqualTo(404);
        assertThat(noKey.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(noKey.awsErrorDetails().errorMessage()).isEqualTo("The specified key does not exist.");

        s3.copyObject(b -> b.sourceBucket("data")
                .sourceKey("dir/file name+1.txt")
                .destinationBucket("data")
                .destinationKey("copy"));
        var copy = s3.getObjectAsBytes(b -> b.bucket("data").key("copy"));
        assertThat(copy.asByteArray()).isEqualTo(body);
        assertThat(copy.response().metadata()).containsEntry("color", "blue");
    }

    @Test
    void listingPagesAndGroupsByDelimiter() {
        s3.createBucket(b -> b.bucket("list"));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            keys.add("logs/2026/" + i + ".txt");
        }
        keys.add("logs/top.txt");
        keys.add("other/x");
        keys.add("root.txt");
        for (String k : keys) {
            s3.putObject(b -> b.bucket("list").key(k), RequestBody.fromString(k));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page =
                    s3.listObjectsV2(b -> b.bucket("list").maxKeys(3).continuationToken(t));
            page.contents().forEach(o -> seen.add(o.key()));
            token = page.nextContinuationToken();
            assertThat(page.isTruncated()).isEqualTo(token != null);
            pages++;
        } while (token != null);
        assertThat(seen).containsExactlyElementsOf(keys.stream().sorted().toList());
        assertThat(pages).isEqualTo(4);

        ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket("list").delimiter("/"));
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("logs/", "other/");
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("root.txt");
        assertThat(top.keyCount()).isEqualTo(3);

        ListObjectsV2Response logs =
                s3.listObjectsV2(b -> b.bucket("list").prefix("logs/").delimiter("/"));
        assertThat(logs.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("logs/2026/");
        assertThat(logs.contents()).extracting(S3Object::key).containsExactly("logs/top.txt");

        ListObjectsV2Response after = s3.listObjectsV2(b -> b.bucket("list").startAfter("logs/top.txt"));
        assertThat(after.contents()).extracting(S3Object::key).containsExactly("other/x", "root.txt");

        var deleted = s3.deleteObjects(b -> b.bucket("list")
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("other/x").build(),
                        ObjectIdentifier.builder().key("root.txt").build())));
        assertThat(deleted.deleted()).hasSize(2);
        assertThat(s3.listObjectsV2(b -> b.bucket("list")).keyCount()).isEqualTo(8);
    }

    @Test
    void multipartUploadsJoinTheirPartsAndSurviveARestart() {
        s3.createBucket(b -> b.bucket("big"));
        Random random = new Random(7);
        byte[] one = new byte[5 << 20];
        byte[] two = new byte[1234];
        random.nextBytes(one);
        random.nextBytes(two);
        String id = s3.createMultipartUpload(b -> b.bucket("big").key("joined")).uploadId();
        String e1 = s3.uploadPart(
                        b -> b.bucket("big").key("joined").uploadId(id).partNumber(1), RequestBody.fromBytes(one))
                .eTag();
        String e2 = s3.uploadPart(
                        b -> b.bucket("big").key("joined").uploadId(id).partNumber(2), RequestBody.fromBytes(two))
                .eTag();
        assertThat(s3.listParts(b -> b.bucket("big").key("joined").uploadId(id)).parts())
                .hasSize(2);
        var done = s3.completeMultipartUpload(b -> b.bucket("big")
                .key("joined")
                .uploadId(id)
                .multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build())));
        assertThat(done.eTag()).endsWith("-2\"");

        server.restart();
        s3 = server.s3();
        byte[] got = s3.getObjectAsBytes(b -> b.bucket("big").key("joined")).asByteArray();
        assertThat(got).hasSize(one.length + two.length);
        assertThat(java.util.Arrays.copyOfRange(got, 0, one.length)).isEqualTo(one);
        assertThat(java.util.Arrays.copyOfRange(got, one.length, got.length)).isEqualTo(two);

        S3Exception gone =
                failure(() -> s3.listParts(b -> b.bucket("big").key("joined").uploadId(id)));
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");

        String small =
                s3.createMultipartUpload(b -> b.bucket("big").key("small")).uploadId();
        String s1 = s3.uploadPart(
                        b -> b.bucket("big").key("small").uploadId(small).partNumber(1), RequestBody.fromBytes(two))
                .eTag();
        String s2 = s3.uploadPart(
                        b -> b.bucket("big").key("small").uploadId(small).partNumber(2), RequestBody.fromBytes(two))
                .eTag();
        S3Exception tooSmall = failure(() -> s3.completeMultipartUpload(b -> b.bucket("big")
                .key("small")
                .uploadId(small)
                .multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(s1).build(),
                        CompletedPart.builder().partNumber(2).eTag(s2).build()))));
        assertThat(tooSmall.awsErrorDetails().errorCode()).isEqualTo("EntityTooSmall");
        s3.abortMultipartUpload(b -> b.bucket("big").key("small").uploadId(small));
    }

    private static String md5Hex(byte[] data) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
