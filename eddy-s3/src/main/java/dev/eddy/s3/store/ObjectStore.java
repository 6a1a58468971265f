package dev.eddy.s3.store;

import dev.eddy.storage.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One account's buckets and objects, on disk under a directory (or in memory). An object is one
 * file holding a header (key, ETag, type, metadata, checksums) and the bytes, written to a
 * temporary file, fsynced and renamed into place, with the directory fsynced after: a reader sees
 * the old object or the whole new one, never part of one, and an acknowledged PUT survives a
 * crash. A bucket is a directory with a small metadata file written the same way. The index (keys
 * in order, for listing) is rebuilt from the headers at start-up; leftover temporary files from a
 * crash are removed then.
 *
 * <pre>
 * dir/buckets/&lt;bucket&gt;/bucket.meta
 * dir/buckets/&lt;bucket&gt;/objects/&lt;sha-256 of the key&gt;.obj
 * dir/uploads/&lt;upload id&gt;/upload.meta, part-&lt;n&gt;
 * dir/tmp/
 * </pre>
 *
 * <p>Thread-safe; writes to one key are ordered by the rename, the last rename winning, as S3's
 * last writer does. Calls block on the disk: callers run them off the event loops.
 */
public final class ObjectStore {
    private static final Logger LOG = Logger.getLogger(ObjectStore.class.getName());
    private static final int MAGIC = 0x45533301; // "ES3" v1
    private static final HexFormat HEX = HexFormat.of();

    /** A bucket: its name, when it was made, and its objects by key, in key order. */
    public record Bucket(String name, long createdMillis, NavigableMap<String, StoredObject> objects) {}

    /** A multipart upload in progress: where it goes and what it will be, and its parts by number. */
    public record Upload(
            String id,
            String bucket,
            String key,
            String contentType,
            Map<String, String> metadata,
            long initiatedMillis,
            ConcurrentSkipListMap<Integer, Part> parts) {}

    /** An uploaded part: its number, ETag, size, the MD5 of its bytes, and where they are. */
    public record Part(int number, String etag, long size, long lastModifiedMillis, Path file, byte[] bytes) {}

    private final Path dir;
    private final ConcurrentSkipListMap<String, Bucket> buckets = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Upload> uploads = new ConcurrentHashMap<>();

    private ObjectStore(Path dir) {
        this.dir = dir;
    }

    public static ObjectStore inMemory() {
        return new ObjectStore(null);
    }

    /** Opens the store under {@code dir}, creating it if need be, and reads its index. */
    public static ObjectStore open(Path dir) {
        ObjectStore s = new ObjectStore(dir);
        try {
            s.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the object store in " + dir, e);
        }
        return s;
    }

    private void load() throws IOException {
        Files.createDirectories(dir.resolve("buckets"));
        Files.createDirectories(dir.resolve("uploads"));
        Path tmp = dir.resolve("tmp");
        Files.createDirectories(tmp);
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path p : leftovers.toList()) {
                Files.deleteIfExists(p); // a write the crash interrupted: it was never acknowledged
            }
        }
        try (Stream<Path> dirs = Files.list(dir.resolve("buckets"))) {
            for (Path b : dirs.toList()) {
                Path meta = b.resolve("bucket.meta");
                if (!Files.exists(meta)) {
                    continue; // a bucket whose creation did not finish
                }
                long created;
                try (DataInputStream in = new DataInputStream(Files.newInputStream(meta))) {
                    created = in.readLong();
                }
                Bucket bucket = new Bucket(b.getFileName().toString(), created, new ConcurrentSkipListMap<>());
                Path objects = b.resolve("objects");
                if (Files.isDirectory(objects)) {
                    try (Stream<Path> files = Files.list(objects)) {
                        for (Path f : files.toList()) {
                            StoredObject o = readHeader(f);
                            bucket.objects().put(o.key(), o);
                        }
                    }
                }
                buckets.put(bucket.name(), bucket);
            }
        }
        try (Stream<Path> dirs = Files.list(dir.resolve("uploads"))) {
            for (Path u : dirs.toList()) {
                loadUpload(u);
            }
        }
        long objects =
                buckets.values().stream().mapToLong(b -> b.objects().size()).sum();
        if (objects > 0 || !buckets.isEmpty()) {
            LOG.info(() -> "object store: " + buckets.size() + " bucket(s), " + objects + " object(s)");
        }
    }

    private void loadUpload(Path u) throws IOException {
        Path meta = u.resolve("upload.meta");
        if (!Files.exists(meta)) {
            return;
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(meta))) {
            String bucket = in.readUTF();
            String key = readString(in);
            String type = in.readUTF();
            Map<String, String> metadata = readMap(in);
            long initiated = in.readLong();
            Upload up = new Upload(
                    u.getFileName().toString(), bucket, key, type, metadata, initiated, new ConcurrentSkipListMap<>());
            try (Stream<Path> parts = Files.list(u)) {
                for (Path p : parts.toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("part-") && !name.endsWith(".tmp")) {
                        int n = Integer.parseInt(name.substring(5));
                        long size = Files.size(p);
                        up.parts()
                                .put(
                                        n,
                                        new Part(
                                                n,
                                                etag(md5(p)),
                                                size,
                                                Files.getLastModifiedTime(p).toMillis(),
                                                p,
                                                null));
                    }
                }
            }
            uploads.put(up.id(), up);
        }
    }

    // ---- buckets

    public List<Bucket> buckets() {
        return new ArrayList<>(buckets.values());
    }

    public Bucket bucket(String name) {
        return buckets.get(name);
    }

    /** Creates a bucket; false if it exists already. */
    public synchronized boolean createBucket(String name, long nowMillis) {
        if (buckets.containsKey(name)) {
            return false;
        }
        if (dir != null) {
            try {
                Path b = dir.resolve("buckets").resolve(name);
                Files.createDirectories(b.resolve("objects"));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                new DataOutputStream(bytes).writeLong(nowMillis);
                AtomicFiles.write(b, "bucket.meta", bytes.toByteArray());
                AtomicFiles.syncDirectory(dir.resolve("buckets"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create bucket " + name, e);
            }
        }
        buckets.put(name, new Bucket(name, nowMillis, new ConcurrentSkipListMap<>()));
        return true;
    }

    /** Deletes an empty bucket; false if it has objects. */
    public synchronized boolean deleteBucket(String name) {
        Bucket b = buckets.get(name);
        if (b == null) {
            return true;
        }
        if (!b.objects().isEmpty()) {
            return false;
        }
        if (dir != null) {
            try {
                Path path = dir.resolve("buckets").resolve(name);
                Files.deleteIfExists(path.resolve("bucket.meta")); // first: a half-deleted bucket is gone
                deleteTree(path);
                AtomicFiles.syncDirectory(dir.resolve("buckets"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete bucket " + name, e);
            }
        }
        buckets.remove(name);
        return true;
    }

    // ---- objects

    /** What a new object is besides its bytes. */
    public record Attributes(String contentType, Map<String, String> metadata, Map<String, String> checksums) {}

    /** Stores {@code data} as {@code key} (replacing any object of that key), durably; returns it. */
    public StoredObject put(Bucket bucket, String key, byte[] data, Attributes attributes, long nowMillis) {
        String etag = etag(md5(data));
        return write(bucket, key, etag, 0, attributes, nowMillis, List.of(data), null);
    }

    private StoredObject write(
            Bucket bucket,
            String key,
            String etag,
            int parts,
            Attributes a,
            long nowMillis,
            List<byte[]> chunks,
            List<Path> files) {
        long size = 0;
        for (byte[] c : chunks) {
            size += c.length;
        }
        if (files != null) {
            for (Path f : files) {
                try {
                    size += Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (dir == null) {
            byte[] all = new byte[(int) size];
            int at = 0;
            for (byte[] c : chunks) {
                System.arraycopy(c, 0, all, at, c.length);
                at += c.length;
            }
            return index(bucket, key, size, etag, parts, a, nowMillis, new StoredObject.Location(null, 0, all));
        }
        Path objects = dir.resolve("buckets").resolve(bucket.name()).resolve("objects");
        Path target = objects.resolve(fileName(key));
        try {
            Path tmp = Files.createTempFile(dir.resolve("tmp"), "put", ".tmp");
            long dataOffset;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                byte[] header = header(key, etag, a, nowMillis, parts, size);
                writeFully(ch, ByteBuffer.wrap(header));
                dataOffset = header.length;
                for (byte[] c : chunks) {
                    writeFully(ch, ByteBuffer.wrap(c));
                }
                if (files != null) {
                    for (Path f : files) {
                        try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ)) {
                            long n = in.size();
                            long done = 0;
                            while (done < n) {
                                done += in.transferTo(done, n - done, ch);
                            }
                        }
                    }
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.syncDirectory(objects);
            return index(
                    bucket, key, size, etag, parts, a, nowMillis, new StoredObject.Location(target, dataOffset, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bucket.name() + "/" + key, e);
        }
    }

    /** Makes a written object visible in its bucket's index. */
    private static StoredObject index(
            Bucket bucket,
            String key,
            long size,
            String etag,
            int parts,
            Attributes a,
            long nowMillis,
            StoredObject.Location location) {
        StoredObject o = new StoredObject(
                key, size, etag, a.contentType(), nowMillis, a.metadata(), a.checksums(), parts, location);
        bucket.objects().put(key, o);
        return o;
    }

    /** Reads {@code length} bytes of an object from {@code offset}. */
    public byte[] read(StoredObject o, long offset, long length) {
        StoredObject.Location at = o.location();
        if (at.bytes() != null) {
            return java.util.Arrays.copyOfRange(at.bytes(), (int) offset, (int) (offset + length));
        }
        byte[] out = new byte[(int) length];
        try (FileChannel ch = FileChannel.open(at.file(), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(out);
            long pos = at.dataOffset() + offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException("object file is shorter than its header says: " + at.file());
                }
                pos += n;
            }
        } catch (NoSuchFileException e) {
            // replaced since it was looked up: the caller read the old index entry; read the new one
            throw new UncheckedIOException("object replaced while read: " + o.key(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + o.key(), e);
        }
        return out;
    }

    /** Deletes an object (nothing if there is none). */
    public void delete(Bucket bucket, String key) {
        StoredObject o = bucket.objects().remove(key);
        if (o == null || dir == null) {
            return;
        }
        try {
            Path objects = dir.resolve("buckets").resolve(bucket.name()).resolve("objects");
            Files.deleteIfExists(objects.resolve(fileName(key)));
            AtomicFiles.syncDirectory(objects);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + bucket.name() + "/" + key, e);
        }
    }

    // ---- multipart uploads

    public Upload createUpload(String id, String bucket, String key, Attributes a, long nowMillis) {
        Upload up =
                new Upload(id, bucket, key, a.contentType(), a.metadata(), nowMillis, new ConcurrentSkipListMap<>());
        if (dir != null) {
            try {
                Path u = dir.resolve("uploads").resolve(id);
                Files.createDirectories(u);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeUTF(bucket);
                writeString(out, key);
                out.writeUTF(a.contentType());
                writeMap(out, a.metadata());
                out.writeLong(nowMillis);
                AtomicFiles.write(u, "upload.meta", bytes.toByteArray());
                AtomicFiles.syncDirectory(dir.resolve("uploads"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start an upload to " + bucket + "/" + key, e);
            }
        }
        uploads.put(id, up);
        return up;
    }

    public Upload upload(String id) {
        return uploads.get(id);
    }

    public List<Upload> uploads() {
        return new ArrayList<>(uploads.values());
    }

    public Part putPart(Upload up, int number, byte[] data, long nowMillis) {
        String etag = etag(md5(data));
        Part part;
        if (dir == null) {
            part = new Part(number, etag, data.length, nowMillis, null, data);
        } else {
            Path u = dir.resolve("uploads").resolve(up.id());
            try {
                AtomicFiles.write(u, "part-" + number, data);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write part " + number + " of " + up.key(), e);
            }
            part = new Part(number, etag, data.length, nowMillis, u.resolve("part-" + number), null);
        }
        up.parts().put(number, part);
        return part;
    }

    /** Joins the chosen parts into the object, durably, and ends the upload. */
    public StoredObject complete(Upload up, Bucket bucket, List<Part> parts, long nowMillis) {
        MessageDigest md5 = md5();
        for (Part p : parts) {
            md5.update(HEX.parseHex(p.etag().substring(1, p.etag().length() - 1)));
        }
        String etag = "\"" + HEX.formatHex(md5.digest()) + "-" + parts.size() + "\"";
        Attributes a = new Attributes(up.contentType(), up.metadata(), Map.of());
        StoredObject o;
        if (dir == null) {
            List<byte[]> chunks = new ArrayList<>();
            for (Part p : parts) {
                chunks.add(p.bytes());
            }
            o = write(bucket, up.key(), etag, parts.size(), a, nowMillis, chunks, null);
        } else {
            List<Path> files = new ArrayList<>();
            for (Part p : parts) {
                files.add(p.file());
            }
            o = write(bucket, up.key(), etag, parts.size(), a, nowMillis, List.of(), files);
        }
        abort(up);
        return o;
    }

    public void abort(Upload up) {
        uploads.remove(up.id());
        if (dir != null) {
            try {
                Path u = dir.resolve("uploads").resolve(up.id());
                Files.deleteIfExists(u.resolve("upload.meta"));
                deleteTree(u);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove upload " + up.id(), e);
            }
        }
    }

    // ---- files

    private static String fileName(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8))) + ".obj";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] header(String key, String etag, Attributes a, long now, int parts, long size)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        writeString(out, key);
        out.writeUTF(etag);
        out.writeUTF(a.contentType());
        out.writeLong(now);
        writeMap(out, a.metadata());
        writeMap(out, a.checksums());
        out.writeInt(parts);
        out.writeLong(size);
        out.flush();
        return bytes.toByteArray();
    }

    private static StoredObject readHeader(Path f) throws IOException {
        try (InputStream raw = Files.newInputStream(f)) {
            CountingInput counted = new CountingInput(raw);
            DataInputStream in = new DataInputStream(counted);
            if (in.readInt() != MAGIC) {
                throw new IOException("not an object file: " + f);
            }
            String key = readString(in);
            String etag = in.readUTF();
            String type = in.readUTF();
            long modified = in.readLong();
            Map<String, String> metadata = readMap(in);
            Map<String, String> checksums = readMap(in);
            int parts = in.readInt();
            long size = in.readLong();
            return new StoredObject(
                    key,
                    size,
                    etag,
                    type,
                    modified,
                    metadata,
                    checksums,
                    parts,
                    new StoredObject.Location(f, counted.count, null));
        }
    }

    /** Keys may be up to 1,024 bytes of UTF-8, over writeUTF's limit for some texts: length-prefixed bytes. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path x : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] md5(byte[] data) {
        return md5().digest(data);
    }

    private static byte[] md5(Path file) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
            }
        }
        return md5.digest();
    }

    private static String etag(byte[] md5) {
        return "\"" + HEX.formatHex(md5) + "\"";
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(new java.io.BufferedInputStream(in, 512));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
