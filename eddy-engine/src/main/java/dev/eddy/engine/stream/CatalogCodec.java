package dev.eddy.engine.stream;

import dev.eddy.engine.routing.HashKey;
import dev.eddy.engine.routing.HashKeyRange;
import dev.eddy.engine.sequence.SequenceNumber;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/** The catalog file's binary form: every stream's metadata, versioned and checksummed. */
final class CatalogCodec {
    private static final int MAGIC = 0xEDD1_CA70;
    private static final int VERSION = 3;

    private CatalogCodec() {}

    static byte[] encode(Collection<StreamState> streams, Map<String, String> account) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(streams.size());
        for (StreamState s : streams) {
            StreamState.Fields f = s.fields();
            out.writeUTF(f.name);
            out.writeUTF(f.uid);
            out.writeLong(f.createdMillis);
            out.writeUTF(f.status.name());
            out.writeLong(f.statusUntilMillis);
            out.writeUTF(f.mode.name());
            out.writeInt(f.retentionHours);
            writeShards(out, f.shards);
            out.writeInt(f.tags.size());
            for (Map.Entry<String, String> t : f.tags.entrySet()) {
                out.writeUTF(t.getKey());
                out.writeUTF(t.getValue());
            }
            out.writeUTF(f.encryptionType);
            out.writeBoolean(f.keyId != null);
            if (f.keyId != null) {
                out.writeUTF(f.keyId);
            }
            out.writeInt(f.shardLevelMetrics.size());
            for (String m : f.shardLevelMetrics) {
                out.writeUTF(m);
            }
            out.writeInt(f.maxRecordSizeKiB);
            out.writeInt(f.warmThroughputMiBps);
            out.writeInt(f.scalingTimes.size());
            for (long t : f.scalingTimes) {
                out.writeLong(t);
            }
            out.writeInt(f.consumers.size());
            for (ConsumerMeta c : f.consumers) {
                out.writeUTF(c.name());
                out.writeLong(c.createdMillis());
                out.writeUTF(c.status().name());
                out.writeLong(c.statusUntilMillis());
            }
            if (f.pendingShards == null) {
                out.writeInt(-1);
            } else {
                writeShards(out, f.pendingShards);
            }
        }
        out.writeInt(account.size());
        for (Map.Entry<String, String> e : account.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    private static void writeShards(DataOutputStream out, List<ShardMeta> shards) throws IOException {
        out.writeInt(shards.size());
        for (ShardMeta m : shards) {
            out.writeInt(m.index());
            out.writeLong(m.range().start().high());
            out.writeLong(m.range().start().low());
            out.writeLong(m.range().end().high());
            out.writeLong(m.range().end().low());
            out.writeInt(m.parent());
            out.writeInt(m.adjacentParent());
            out.writeLong(m.createdMillis());
            out.writeLong(m.closedAtMillis());
            out.writeLong(m.endPosition());
            out.writeLong(m.sequenceSeconds());
        }
    }

    private static List<ShardMeta> readShards(DataInputStream in, int version, int count) throws IOException {
        List<ShardMeta> list = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            int index = in.readInt();
            HashKey start = new HashKey(in.readLong(), in.readLong());
            HashKey end = new HashKey(in.readLong(), in.readLong());
            int parent = in.readInt();
            int adjacent = in.readInt();
            long created = in.readLong();
            long closedAt = in.readLong();
            long endPosition = in.readLong();
            // before version 3 a shard's numbers carried the stream's second; new ones carry its own
            long sequenceSeconds = version >= 3 ? in.readLong() : SequenceNumber.seconds(created);
            list.add(new ShardMeta(
                    index,
                    new HashKeyRange(start, end),
                    parent,
                    adjacent,
                    created,
                    closedAt,
                    endPosition,
                    sequenceSeconds));
        }
        return list;
    }

    static List<StreamState> decode(byte[] bytes, Map<String, String> account) throws IOException {
        if (bytes.length < 16) {
            throw new IOException("catalog file is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new IOException("catalog file fails its checksum");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
        if (in.readInt() != MAGIC) {
            throw new IOException("not an Eddy catalog file");
        }
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new IOException("unsupported catalog version " + version);
        }
        int count = in.readInt();
        List<StreamState> streams = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StreamState.Fields f = new StreamState.Fields();
            f.name = in.readUTF();
            f.uid = in.readUTF();
            f.createdMillis = in.readLong();
            f.status = StreamStatus.valueOf(in.readUTF());
            f.statusUntilMillis = in.readLong();
            f.mode = StreamMode.valueOf(in.readUTF());
            f.retentionHours = in.readInt();
            f.shards = readShards(in, version, in.readInt());
            int tags = in.readInt();
            Map<String, String> tagMap = new LinkedHashMap<>();
            for (int t = 0; t < tags; t++) {
                tagMap.put(in.readUTF(), in.readUTF());
            }
            f.tags = tagMap;
            f.encryptionType = in.readUTF();
            f.keyId = in.readBoolean() ? in.readUTF() : null;
            int metrics = in.readInt();
            Set<String> set = new LinkedHashSet<>();
            for (int m = 0; m < metrics; m++) {
                set.add(in.readUTF());
            }
            f.shardLevelMetrics = set;
            f.maxRecordSizeKiB = in.readInt();
            f.warmThroughputMiBps = in.readInt();
            int scalings = in.readInt();
            List<Long> times = new ArrayList<>(scalings);
            for (int t = 0; t < scalings; t++) {
                times.add(in.readLong());
            }
            f.scalingTimes = times;
            List<ConsumerMeta> consumers = new ArrayList<>();
            int consumerCount = version >= 2 ? in.readInt() : 0;
            for (int c = 0; c < consumerCount; c++) {
                consumers.add(new ConsumerMeta(
                        in.readUTF(), in.readLong(), ConsumerMeta.ConsumerStatus.valueOf(in.readUTF()), in.readLong()));
            }
            f.consumers = consumers;
            if (version >= 3) {
                int pending = in.readInt();
                f.pendingShards = pending < 0 ? null : readShards(in, version, pending);
            }
            streams.add(new StreamState(f));
        }
        int settings = in.readInt();
        for (int i = 0; i < settings; i++) {
            account.put(in.readUTF(), in.readUTF());
        }
        return streams;
    }
}
