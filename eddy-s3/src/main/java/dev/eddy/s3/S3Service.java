package dev.eddy.s3;

import dev.eddy.s3.api.AwsChunked;
import dev.eddy.s3.api.BucketHandlers;
import dev.eddy.s3.api.ObjectHandlers;
import dev.eddy.s3.api.Xml;
import dev.eddy.s3.store.ObjectStore;
import dev.eddy.service.rest.RestRequest;
import dev.eddy.service.rest.RestResponse;
import dev.eddy.service.rest.RestService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded S3 of one account: path-style requests ({@code /bucket/key}) over an {@link
 * ObjectStore} under the data directory. It is a default for one machine (development, CI, a
 * single node's Firehose delivery), not a distributed object store. Requests run on a small pool
 * of their own, since they wait for the disk.
 */
public final class S3Service implements RestService {
    private static final Logger LOG = Logger.getLogger(S3Service.class.getName());

    private final ObjectStore store;
    private final BucketHandlers buckets;
    private final ObjectHandlers objects;
    private final ExecutorService io;

    /** The account's objects under {@code dir} (null: in memory), timed by {@code clock}. */
    public S3Service(Path dir, Clock clock, String region, String accountId) {
        this.store = dir == null ? ObjectStore.inMemory() : ObjectStore.open(dir);
        this.buckets = new BucketHandlers(store, clock, region, accountId);
        this.objects = new ObjectHandlers(store, clock);
        this.io = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "eddy-s3-" + accountId);
            t.setDaemon(true);
            return t;
        });
    }

    public ObjectStore store() {
        return store;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public String policyPrefix() {
        return "s3";
    }

    @Override
    public Access access(RestRequest r) {
        String[] bk = bucketAndKey(r.path());
        String action = action(r, bk[0], bk[1]);
        String resource = bk[0] == null ? "*" : "arn:aws:s3:::" + bk[0] + (bk[1] == null ? "" : "/" + bk[1]);
        return new Access(action, resource);
    }

    @Override
    public CompletableFuture<RestResponse> handle(RestRequest request) {
        return CompletableFuture.supplyAsync(() -> serve(request), io);
    }

    RestResponse serve(RestRequest r) {
        try {
            String[] bk = bucketAndKey(r.path());
            byte[] body = payload(r);
            return route(r, bk[0], bk[1], body);
        } catch (S3Exception e) {
            return error(e, r);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "S3 " + r.method() + " " + r.path() + " failed", e);
            return error(
                    new S3Exception("InternalError", 500, "We encountered an internal error. Please try again."), r);
        }
    }

    private RestResponse route(RestRequest r, String bucket, String key, byte[] body) {
        String m = r.method();
        if (bucket == null) {
            if (m.equals("GET")) {
                return buckets.list(r);
            }
            throw notAllowed(m, "SERVICE");
        }
        if (key == null) {
            return switch (m) {
                case "PUT" -> buckets.create(r, bucket, body);
                case "HEAD" -> buckets.head(bucket);
                case "DELETE" -> buckets.delete(bucket);
                case "GET" ->
                    r.hasParam("location")
                            ? buckets.location(bucket)
                            : r.hasParam("uploads") ? objects.listUploads(bucket) : objects.list(r, bucket);
                case "POST" -> {
                    if (r.hasParam("delete")) {
                        yield objects.deleteMany(r, bucket, body);
                    }
                    throw notAllowed(m, "BUCKET");
                }
                default -> throw notAllowed(m, "BUCKET");
            };
        }
        String upload = r.param("uploadId");
        return switch (m) {
            case "PUT" ->
                upload != null
                        ? objects.uploadPart(r, bucket, key, upload, body)
                        : r.header("x-amz-copy-source") != null
                                ? objects.copy(r, bucket, key)
                                : objects.put(r, bucket, key, body);
            case "GET" -> upload != null ? objects.listParts(bucket, key, upload) : objects.get(r, bucket, key, false);
            case "HEAD" -> objects.get(r, bucket, key, true);
            case "DELETE" -> upload != null ? objects.abort(bucket, key, upload) : objects.delete(bucket, key);
            case "POST" -> {
                if (r.hasParam("uploads")) {
                    yield objects.createUpload(r, bucket, key);
                }
                if (upload != null) {
                    yield objects.complete(bucket, key, upload, body);
                }
                throw notAllowed(m, "OBJECT");
            }
            default -> throw notAllowed(m, "OBJECT");
        };
    }

    /** The bytes the client meant: an aws-chunked body decoded, its trailing checksums kept as headers. */
    private static byte[] payload(RestRequest r) {
        String sha = r.header("x-amz-content-sha256");
        String encoding = r.header("content-encoding");
        boolean chunked =
                (sha != null && sha.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"));
        if (!chunked) {
            return r.body();
        }
        AwsChunked.Decoded d = AwsChunked.decode(r.body());
        r.headers().putAll(d.trailers());
        String declared = r.header("x-amz-decoded-content-length");
        if (declared != null && !declared.equals(Integer.toString(d.data().length))) {
            throw new S3Exception(
                    "IncompleteBody",
                    400,
                    "You did not provide the number of bytes specified by the" + " Content-Length HTTP header");
        }
        return d.data();
    }

    /** {@code /bucket/key/with/slashes} → bucket, key (either null when absent). */
    static String[] bucketAndKey(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            return new String[] {null, null};
        }
        int slash = p.indexOf('/');
        if (slash < 0) {
            return new String[] {p, null};
        }
        String key = p.substring(slash + 1);
        return new String[] {p.substring(0, slash), key.isEmpty() ? null : key};
    }

    private static String action(RestRequest r, String bucket, String key) {
        String m = r.method();
        if (bucket == null) {
            return "ListAllMyBuckets";
        }
        if (key == null) {
            return switch (m) {
                case "PUT" -> "CreateBucket";
                case "DELETE" -> "DeleteBucket";
                case "POST" -> "DeleteObject";
                case "GET" ->
                    r.hasParam("location")
                            ? "GetBucketLocation"
                            : r.hasParam("uploads") ? "ListBucketMultipartUploads" : "ListBucket";
                default -> "ListBucket";
            };
        }
        return switch (m) {
            case "PUT", "POST" -> "PutObject";
            case "DELETE" -> r.hasParam("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
            default -> r.hasParam("uploadId") ? "ListMultipartUploadParts" : "GetObject";
        };
    }

    private static S3Exception notAllowed(String method, String type) {
        return new S3Exception(
                "MethodNotAllowed",
                405,
                "The specified method is not allowed against this resource.",
                "Method",
                method);
    }

    /** S3's XML error; HEAD answers carry the status and no body. */
    public static RestResponse error(S3Exception e, RestRequest r) {
        Xml x = Xml.document("Error", null).element("Code", e.code()).element("Message", e.getMessage());
        if (e.resourceElement() != null) {
            x.element(e.resourceElement(), e.resource());
        }
        x.element("RequestId", r.requestId());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/xml");
        byte[] body = r.method().equals("HEAD") ? RestResponse.EMPTY : x.bytes();
        return new RestResponse(e.status(), headers, body, e.code());
    }

    @Override
    public void close() {
        io.shutdown();
    }
}
