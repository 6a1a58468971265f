package dev.eddy.s3.store;

import java.util.Map;

/**
 * What the store knows of one object: its key, size, ETag (quoted as S3 sends it), content type,
 * last-modified time, the user metadata ({@code x-amz-meta-*}, by lower-case name without the
 * prefix), the checksums it was uploaded with (by algorithm, {@code CRC32} → base64), the number of
 * parts of a multipart object (0 for a single PUT), and where its bytes are.
 */
public record StoredObject(
        String key,
        long size,
        String etag,
        String contentType,
        long lastModifiedMillis,
        Map<String, String> metadata,
        Map<String, String> checksums,
        int parts,
        Location location) {

    /** Where an object's bytes live: a file and the offset of its data, or memory. */
    public record Location(java.nio.file.Path file, long dataOffset, byte[] bytes) {}
}
