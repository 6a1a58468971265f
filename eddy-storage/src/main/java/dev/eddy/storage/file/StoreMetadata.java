package dev.eddy.storage.file;

import dev.eddy.storage.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The store's small, rarely changing state: which shards exist, their retention, whether they are
 * sealed, and floors for positions and timestamps that outlive the segments retention deletes.
 *
 * <p>Replaced atomically: written to a temporary file, synced, renamed over the old one, and the
 * directory synced. A CRC guards against a torn file (which the rename makes impossible anyway).
 */
record StoreMetadata(long nextShardId, List<Shard> shards) {
    static final String FILE = "store.meta";
    private static final int MAGIC = 0xEDD1_5701;
    private static final int VERSION = 1;

    record Shard(
            long id,
            String name,
            long retentionMillis,
            boolean sealed,
            long floorPosition,
            long floorTimestamp,
            long firstPosition) {}

    static StoreMetadata empty() {
        return new StoreMetadata(1, List.of());
    }

    static StoreMetadata read(Path dir) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length < 4) {
            throw new IOException("store metadata " + dir.resolve(FILE) + " is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new IOException("store metadata " + dir.resolve(FILE) + " fails its checksum");
        }
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 4));
        if (in.readInt() != MAGIC) {
            throw new IOException(dir.resolve(FILE) + " is not an Eddy store metadata file");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported store metadata version " + version);
        }
        long nextShardId = in.readLong();
        int count = in.readInt();
        List<Shard> shards = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            shards.add(new Shard(
                    in.readLong(),
                    in.readUTF(),
                    in.readLong(),
                    in.readBoolean(),
                    in.readLong(),
                    in.readLong(),
                    in.readLong()));
        }
        return new StoreMetadata(nextShardId, shards);
    }

    void write(Path dir, FileOps ops) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + shards.size() * 64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(nextShardId);
        out.writeInt(shards.size());
        for (Shard s : shards) {
            out.writeLong(s.id());
            out.writeUTF(s.name());
            out.writeLong(s.retentionMillis());
            out.writeBoolean(s.sealed());
            out.writeLong(s.floorPosition());
            out.writeLong(s.floorTimestamp());
            out.writeLong(s.firstPosition());
        }
        CRC32C crc = new CRC32C();
        byte[] body = bytes.toByteArray();
        crc.update(body);
        out.writeInt((int) crc.getValue());
        AtomicFiles.write(dir, FILE, bytes.toByteArray(), ops::open);
    }

    static void syncDirectory(Path dir) throws IOException {
        AtomicFiles.syncDirectory(dir);
    }
}
