package dev.eddy.s3.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store's files: what a reopen finds, and what a crash part-way through a write leaves. */
class ObjectStoreTest {
    @TempDir
    Path dir;

    private static ObjectStore.Attributes plain() {
        return new ObjectStore.Attributes("text/plain", Map.of("a", "1"), Map.of());
    }

    @Test
    void objectsBucketsAndUploadsAreFoundAgainAfterAReopen() {
        ObjectStore store = ObjectStore.open(dir);
        store.createBucket("b", 1_000);
        StoredObject o = store.put(store.bucket("b"), "k/ü", "hello".getBytes(StandardCharsets.UTF_8), plain(), 2_000);
        ObjectStore.Upload up = store.createUpload("u1", "b", "big", plain(), 3_000);
        store.putPart(up, 1, new byte[] {1, 2, 3}, 3_000);

        ObjectStore again = ObjectStore.open(dir);
        StoredObject found = again.bucket("b").objects().get("k/ü");
        assertThat(found.etag()).isEqualTo(o.etag());
        assertThat(found.metadata()).containsEntry("a", "1");
        assertThat(found.lastModifiedMillis()).isEqualTo(2_000);
        assertThat(new String(again.read(found, 0, found.size()), StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(again.bucket("b").createdMillis()).isEqualTo(1_000);
        assertThat(again.upload("u1").parts()).containsOnlyKeys(1);
    }

    @Test
    void aWriteACrashInterruptedLeavesTheOldObjectAndNoLeftovers() throws Exception {
        ObjectStore store = ObjectStore.open(dir);
        store.createBucket("b", 1_000);
        store.put(store.bucket("b"), "k", "old".getBytes(StandardCharsets.UTF_8), plain(), 2_000);
        // a PUT of "k" that died before its rename: a temporary file with part of the new object
        Path tmp = Files.write(dir.resolve("tmp").resolve("put123.tmp"), new byte[] {0x45, 0x53, 0x33});
        // and a bucket whose creation died before its metadata file was renamed into place
        Files.createDirectories(dir.resolve("buckets").resolve("half").resolve("objects"));

        ObjectStore again = ObjectStore.open(dir);
        StoredObject k = again.bucket("b").objects().get("k");
        assertThat(new String(again.read(k, 0, k.size()), StandardCharsets.UTF_8))
                .isEqualTo("old");
        assertThat(tmp).doesNotExist();
        assertThat(again.bucket("half")).isNull();
        assertThat(again.buckets()).extracting(ObjectStore.Bucket::name).containsExactly("b");
    }

    @Test
    void completingAnUploadJoinsThePartsInOrderWithS3sEtag() {
        ObjectStore store = ObjectStore.open(dir);
        store.createBucket("b", 1_000);
        ObjectStore.Upload up = store.createUpload("u", "b", "joined", plain(), 1_000);
        ObjectStore.Part one = store.putPart(up, 1, "ab".getBytes(StandardCharsets.UTF_8), 1_000);
        ObjectStore.Part two = store.putPart(up, 2, "cd".getBytes(StandardCharsets.UTF_8), 1_000);
        StoredObject o = store.complete(up, store.bucket("b"), java.util.List.of(one, two), 2_000);
        assertThat(new String(store.read(o, 0, o.size()), StandardCharsets.UTF_8))
                .isEqualTo("abcd");
        assertThat(o.etag()).matches("\"[0-9a-f]{32}-2\"");
        assertThat(store.upload("u")).isNull();
        assertThat(dir.resolve("uploads").resolve("u")).doesNotExist();
        assertThat(ObjectStore.open(dir).bucket("b").objects().get("joined").parts())
                .isEqualTo(2);
    }
}
