package dev.eddy.s3.api;

import dev.eddy.s3.S3Exception;
import dev.eddy.s3.store.ObjectStore;
import dev.eddy.s3.store.StoredObject;
import dev.eddy.service.rest.RestRequest;
import dev.eddy.service.rest.RestResponse;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The object operations: PUT, GET/HEAD (ranges, conditions), DELETE, listing, copy, multipart. */
public final class ObjectHandlers {
    private static final long MIN_PART = 5L << 20;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
            .withZone(ZoneOffset.UTC);

    private final ObjectStore store;
    private final Clock clock;

    public ObjectHandlers(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public RestResponse put(RestRequest r, String bucket, String key, byte[] body) {
        ObjectStore.Bucket b = bucket(bucket);
        checkKey(key);
        String md5 = r.header("content-md5");
        if (md5 != null && !md5.equals(Base64.getEncoder().encodeToString(ObjectStore.md5(body)))) {
            throw new S3Exception("BadDigest", 400, "The Content-MD5 you specified did not match what we received.");
        }
        Map<String, String> checksums = Checksums.verify(body, r.headers());
        StoredObject o = store.put(b, key, body, attributes(r, checksums), clock.millis());
        RestResponse out = RestResponse.of(200).header("ETag", o.etag());
        checksums.forEach((alg, v) -> out.header("x-amz-checksum-" + alg.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    private static ObjectStore.Attributes attributes(RestRequest r, Map<String, String> checksums) {
        Map<String, String> meta = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> {
            if (k.startsWith("x-amz-meta-")) {
                meta.put(k.substring("x-amz-meta-".length()), v);
            }
        });
        String type = r.header("content-type");
        return new ObjectStore.Attributes(type == null ? "binary/octet-stream" : type, meta, checksums);
    }

    public RestResponse get(RestRequest r, String bucket, String key, boolean head) {
        ObjectStore.Bucket b = bucket(bucket);
        StoredObject o = b.objects().get(key);
        if (o == null) {
            throw S3Exception.noSuchKey(key);
        }
        RestResponse conditional = conditions(r, o);
        if (conditional != null) {
            return conditional;
        }
        long start = 0;
        long end = o.size() - 1;
        int status = 200;
        String range = r.header("range");
        if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
            long[] se = range(range.substring(6).strip(), o.size());
            if (se != null) {
                start = se[0];
                end = se[1];
                status = 206;
            }
        }
        long length = Math.max(0, end - start + 1);
        RestResponse out = RestResponse.of(status)
                .header("Accept-Ranges", "bytes")
                .header("Last-Modified", HTTP_DATE.format(java.time.Instant.ofEpochMilli(o.lastModifiedMillis())))
                .header("ETag", o.etag())
                .header("Content-Type", o.contentType());
        if (status == 206) {
            out.header("Content-Range", "bytes " + start + "-" + end + "/" + o.size());
        }
        if (o.parts() > 0) {
            out.header("x-amz-mp-parts-count", Integer.toString(o.parts()));
        }
        o.metadata().forEach((k, v) -> out.header("x-amz-meta-" + k, v));
        if ("ENABLED".equalsIgnoreCase(r.header("x-amz-checksum-mode")) && status == 200) {
            o.checksums()
                    .forEach((alg, v) -> out.header("x-amz-checksum-" + alg.toLowerCase(java.util.Locale.ROOT), v));
        }
        if (head) {
            out.header("Content-Length", Long.toString(length));
            return out;
        }
        return new RestResponse(status, out.headers(), store.read(o, start, length), null);
    }

    /** A single range {@code a-b}, {@code a-} or {@code -n} within {@code size}, or null if it names none. */
    private static long[] range(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).strip();
            String z = spec.substring(dash + 1).strip();
            long start;
            long end;
            if (a.isEmpty()) {
                long n = Long.parseLong(z);
                if (n == 0) {
                    throw unsatisfiable(spec, size);
                }
                start = Math.max(0, size - n);
                end = size - 1;
            } else {
                start = Long.parseLong(a);
                end = z.isEmpty() ? size - 1 : Math.min(Long.parseLong(z), size - 1);
                if (!z.isEmpty() && Long.parseLong(z) < start) {
                    return null;
                }
            }
            if (start >= size) {
                throw unsatisfiable(spec, size);
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static S3Exception unsatisfiable(String spec, long size) {
        return new S3Exception(
                "InvalidRange", 416, "The requested range is not satisfiable", "RangeRequested", "bytes=" + spec);
    }

    /** If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304), as S3 combines them. */
    private static RestResponse conditions(RestRequest r, StoredObject o) {
        String ifMatch = r.header("if-match");
        String ifNone = r.header("if-none-match");
        Long modifiedSince = httpDate(r.header("if-modified-since"));
        Long unmodifiedSince = httpDate(r.header("if-unmodified-since"));
        long modified = o.lastModifiedMillis() / 1000 * 1000;
        if (ifMatch != null) {
            if (!etagMatches(ifMatch, o.etag())) {
                throw preconditionFailed("If-Match");
            }
        } else if (unmodifiedSince != null && modified > unmodifiedSince) {
            throw preconditionFailed("If-Unmodified-Since");
        }
        boolean notModified =
                ifNone != null ? etagMatches(ifNone, o.etag()) : modifiedSince != null && modified <= modifiedSince;
        if (notModified) {
            return RestResponse.of(304)
                    .header("ETag", o.etag())
                    .header("Last-Modified", HTTP_DATE.format(java.time.Instant.ofEpochMilli(o.lastModifiedMillis())));
        }
        return null;
    }

    private static S3Exception preconditionFailed(String condition) {
        return new S3Exception(
                "PreconditionFailed",
                412,
                "At least one of the pre-conditions you specified did not hold",
                "Condition",
                condition);
    }

    private static boolean etagMatches(String header, String etag) {
        for (String t : header.split(",")) {
            String v = t.strip();
            if (v.equals("*") || v.equals(etag) || ("\"" + v + "\"").equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static Long httpDate(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            return null; // S3 ignores a date it cannot read
        }
    }

    public RestResponse delete(String bucket, String key) {
        ObjectStore.Bucket b = bucket(bucket);
        store.delete(b, key);
        return RestResponse.of(204);
    }

    public RestResponse deleteMany(RestRequest r, String bucket, byte[] body) {
        ObjectStore.Bucket b = bucket(bucket);
        Element root = parse(body).getDocumentElement();
        boolean quiet = "true".equalsIgnoreCase(text(root, "Quiet"));
        NodeList objects = root.getElementsByTagName("Object");
        if (objects.getLength() > 1000) {
            throw S3Exception.malformedXml();
        }
        Xml x = Xml.document("DeleteResult", Xml.NAMESPACE);
        for (int i = 0; i < objects.getLength(); i++) {
            String key = text((Element) objects.item(i), "Key");
            if (key == null) {
                throw S3Exception.malformedXml();
            }
            store.delete(b, key);
            if (!quiet) {
                x.start("Deleted").element("Key", key).end();
            }
        }
        return RestResponse.of(200).withBody(x.bytes(), "application/xml");
    }

    /** ListObjectsV2 ({@code list-type=2}) or the original ListObjects (markers). */
    public RestResponse list(RestRequest r, String bucket) {
        ObjectStore.Bucket b = bucket(bucket);
        boolean v2 = "2".equals(r.param("list-type"));
        String prefix = r.param("prefix") == null ? "" : r.param("prefix");
        String delimiter = r.param("delimiter");
        if (delimiter != null && delimiter.isEmpty()) {
            delimiter = null;
        }
        int maxKeys = maxKeys(r.param("max-keys"));
        boolean url = "url".equals(r.param("encoding-type"));
        String token = r.param("continuation-token");
        String after = v2 ? r.param("start-after") : r.param("marker");
        String from = after == null ? "" : after;
        if (v2 && token != null) {
            try {
                from = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw S3Exception.invalidArgument(
                        "The continuation token provided is incorrect", "continuation-token", token);
            }
        }
        List<StoredObject> contents = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        String last = null;
        boolean truncated = false;
        for (StoredObject o : b.objects().tailMap(from, false).values()) {
            String key = o.key();
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            String common = null;
            if (delimiter != null) {
                int d = key.indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    common = key.substring(0, d + delimiter.length());
                }
            }
            if (common != null && prefixes.contains(common)) {
                continue;
            }
            if (contents.size() + prefixes.size() >= maxKeys) {
                truncated = true;
                break;
            }
            if (common != null) {
                prefixes.add(common);
                last = common;
                // skip the rest of this prefix: continue after its last possible key
            } else {
                contents.add(o);
                last = key;
            }
        }
        Xml x = Xml.document("ListBucketResult", Xml.NAMESPACE)
                .element("Name", bucket)
                .element("Prefix", enc(prefix, url));
        if (v2) {
            x.element("KeyCount", contents.size() + prefixes.size());
            if (token != null) {
                x.element("ContinuationToken", token);
            }
            if (after != null) {
                x.element("StartAfter", enc(after, url));
            }
        } else {
            x.element("Marker", enc(after == null ? "" : after, url));
        }
        x.element("MaxKeys", maxKeys).element("Delimiter", enc(delimiter, url));
        x.element("IsTruncated", truncated);
        if (truncated && last != null) {
            String next = last;
            if (prefixes.contains(last)) {
                next = last + Character.MAX_VALUE; // past every key under the common prefix
            }
            if (v2) {
                x.element(
                        "NextContinuationToken",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
            } else if (delimiter != null) {
                x.element("NextMarker", enc(last, url));
            }
        }
        if (url) {
            x.element("EncodingType", "url");
        }
        for (StoredObject o : contents) {
            x.start("Contents")
                    .element("Key", enc(o.key(), url))
                    .time("LastModified", o.lastModifiedMillis())
                    .element("ETag", o.etag())
                    .element("Size", o.size())
                    .element("StorageClass", "STANDARD")
                    .end();
        }
        for (String p : prefixes) {
            x.start("CommonPrefixes").element("Prefix", enc(p, url)).end();
        }
        return RestResponse.of(200).withBody(x.bytes(), "application/xml");
    }

    private static int maxKeys(String text) {
        if (text == null) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw S3Exception.invalidArgument(
                        "Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", text);
            }
            return Math.min(n, 1000);
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument(
                    "Provided max-keys not an integer or within integer range", "max-keys", text);
        }
    }

    private static String enc(String s, boolean url) {
        if (s == null || !url) {
            return s;
        }
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    public RestResponse copy(RestRequest r, String bucket, String key) {
        ObjectStore.Bucket target = bucket(bucket);
        checkKey(key);
        String source = URLDecoder.decode(r.header("x-amz-copy-source"), StandardCharsets.UTF_8);
        int q = source.indexOf("?versionId=");
        if (q >= 0) {
            source = source.substring(0, q);
        }
        String[] bk = source.startsWith("/") ? source.substring(1).split("/", 2) : source.split("/", 2);
        if (bk.length < 2 || bk[1].isEmpty()) {
            throw S3Exception.invalidArgument(
                    "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                    "x-amz-copy-source",
                    source);
        }
        ObjectStore.Bucket from = bucket(bk[0]);
        StoredObject o = from.objects().get(bk[1]);
        if (o == null) {
            throw S3Exception.noSuchKey(bk[1]);
        }
        byte[] data = store.read(o, 0, o.size());
        boolean replace = "REPLACE".equals(r.header("x-amz-metadata-directive"));
        ObjectStore.Attributes a = replace
                ? attributes(r, Map.of())
                : new ObjectStore.Attributes(o.contentType(), o.metadata(), o.checksums());
        if (!replace && bucket.equals(bk[0]) && key.equals(bk[1])) {
            throw new S3Exception(
                    "InvalidRequest",
                    400,
                    "This copy request is illegal because it is trying to copy an object to itself without changing"
                            + " the object's metadata, storage class, website redirect location or encryption"
                            + " attributes.");
        }
        StoredObject copy = store.put(target, key, data, a, clock.millis());
        Xml x = Xml.document("CopyObjectResult", Xml.NAMESPACE)
                .time("LastModified", copy.lastModifiedMillis())
                .element("ETag", copy.etag());
        return RestResponse.of(200).withBody(x.bytes(), "application/xml");
    }

    // ---- multipart

    public RestResponse createUpload(RestRequest r, String bucket, String key) {
        bucket(bucket);
        checkKey(key);
        String id = UUID.randomUUID().toString().replace("-", "");
        store.createUpload(id, bucket, key, attributes(r, Map.of()), clock.millis());
        Xml x = Xml.document("InitiateMultipartUploadResult", Xml.NAMESPACE)
                .element("Bucket", bucket)
                .element("Key", key)
                .element("UploadId", id);
        return RestResponse.of(200).withBody(x.bytes(), "application/xml");
    }

    public RestResponse uploadPart(RestRequest r, String bucket, String key, String uploadId, byte[] body) {
        ObjectStore.Upload up = upload(bucket, key, uploadId);
        int number;
        try {
            number = Integer.parseInt(r.param("partNumber"));
        } catch (NumberFormatException | NullPointerException e) {
            number = -1;
        }
        if (number < 1 || number > 10_000) {
            throw S3Exception.invalidArgument(
                    "Part number must be an integer between 1 and 10000, inclusive",
                    "partNumber",
                    r.param("partNumber"));
        }
        Map<String, String> checksums = Checksums.verify(body, r.headers());
        ObjectStore.Part part = store.putPart(up, number, body, clock.millis());
        RestResponse out = RestResponse.of(200).header("ETag", part.etag());
        checksums.forEach((alg, v) -> out.header("x-amz-checksum-" + alg.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    public RestResponse complete(String bucket, String key, String uploadId, byte[] body) {
        ObjectStore.Bucket b = bucket(bucket);
        ObjectStore.Upload up = upload(bucket, key, uploadId);
        NodeList parts = parse(body).getDocumentElement().getElementsByTagName("Part");
        if (parts.getLength() == 0) {
            throw new S3Exception(
                    "MalformedXML",
                    400,
                    "The XML you provided was not well-formed or did not validate against our published schema");
        }
        List<ObjectStore.Part> chosen = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < parts.getLength(); i++) {
            Element p = (Element) parts.item(i);
            int n;
            try {
                n = Integer.parseInt(text(p, "PartNumber"));
            } catch (NumberFormatException | NullPointerException e) {
                throw S3Exception.malformedXml();
            }
            if (n <= previous) {
                throw new S3Exception(
                        "InvalidPartOrder",
                        400,
                        "The list of parts was not in ascending order. Parts must be ordered by part number.");
            }
            previous = n;
            ObjectStore.Part part = up.parts().get(n);
            String etag = text(p, "ETag");
            if (part == null || (etag != null && !etagMatches(etag, part.etag()))) {
                throw new S3Exception(
                        "InvalidPart",
                        400,
                        "One or more of the specified parts could not be found.  The part may not have been uploaded,"
                                + " or the specified entity tag may not match the part's entity tag.");
            }
            chosen.add(part);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (chosen.get(i).size() < MIN_PART) {
                throw new S3Exception(
                        "EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed size");
            }
        }
        StoredObject o = store.complete(up, b, chosen, clock.millis());
        Xml x = Xml.document("CompleteMultipartUploadResult", Xml.NAMESPACE)
                .element("Location", "/" + bucket + "/" + key)
                .element("Bucket", bucket)
                .element("Key", key)
                .element("ETag", o.etag());
        return RestResponse.of(200).withBody(x.bytes(), "application/xml");
    }

    public RestResponse abort(String bucket, String key, String uploadId) {
        store.abort(upload(bucket, key, uploadId));
        return RestResponse.of(204);
    }

    public RestResponse listParts(String bucket, String key, String uploadId) {
        ObjectStore.Upload up = upload(bucket, key, uploadId);
        Xml x = Xml.document("ListPartsResult", Xml.NAMESPACE)
                .element("Bucket", bucket)
                .element("Key", key)
                .element("UploadId", uploadId)
                .element("StorageClass", "STANDARD")
                .element("PartNumberMarker", 0)
                .element("MaxParts", 1000)
                .element("IsTruncated", false);
        for (ObjectStore.Part p : up.parts().values()) {
            x.start("Part")
                    .element("PartNumber", p.number())
                    .time("LastModified", p.lastModifiedMillis())
                    .element("ETag", p.etag())
                    .element("Size", p.size())
                    .end();
        }
        return RestResponse.of(200).withBody(x.bytes(), "application/xml");
    }

    public RestResponse listUploads(String bucket) {
        bucket(bucket);
        Xml x = Xml.document("ListMultipartUploadsResult", Xml.NAMESPACE)
                .element("Bucket", bucket)
                .element("MaxUploads", 1000)
                .element("IsTruncated", false);
        for (ObjectStore.Upload u : store.uploads()) {
            if (u.bucket().equals(bucket)) {
                x.start("Upload")
                        .element("Key", u.key())
                        .element("UploadId", u.id())
                        .element("StorageClass", "STANDARD")
                        .time("Initiated", u.initiatedMillis())
                        .end();
            }
        }
        return RestResponse.of(200).withBody(x.bytes(), "application/xml");
    }

    private ObjectStore.Upload upload(String bucket, String key, String id) {
        bucket(bucket);
        ObjectStore.Upload up = store.upload(id);
        if (up == null || !up.bucket().equals(bucket) || !up.key().equals(key)) {
            throw S3Exception.noSuchUpload(id);
        }
        return up;
    }

    private ObjectStore.Bucket bucket(String name) {
        return BucketHandlers.existing(store, name);
    }

    private static void checkKey(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new S3Exception("KeyTooLongError", 400, "Your key is too long", "Key", key);
        }
    }

    private static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(body));
        } catch (Exception e) {
            throw S3Exception.malformedXml();
        }
    }

    private static String text(Element parent, String name) {
        NodeList l = parent.getElementsByTagName(name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().strip();
    }
}
