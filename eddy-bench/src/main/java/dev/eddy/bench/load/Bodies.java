package dev.eddy.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.LongConsumer;

/**
 * Request bodies built once and patched in place, and the few fields read back from answers.
 *
 * <p>Every record's data starts with a 9-byte header: a zero byte and the record's id as a
 * big-endian long; the rest is filler. Nine bytes are exactly twelve base64 characters, so in JSON
 * the header can be re-encoded without touching the filler's characters. Ids let the harness
 * check afterwards that every accepted record can be read back, and carry send times for the
 * latency workloads.
 */
final class Bodies {
    static final int HEADER = 9;
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();
    private static final byte[] B64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private Bodies() {}

    /** A PutRecords (or, with one record and {@code single}, PutRecord) body whose ids can be set. */
    static final class Batch {
        final byte[] bytes;
        final int[] dataOffsets;
        final boolean cbor;

        private Batch(byte[] bytes, int[] dataOffsets, boolean cbor) {
            this.bytes = bytes;
            this.dataOffsets = dataOffsets;
            this.cbor = cbor;
        }

        /** Gives the records ids firstId, firstId + 1, … */
        void setIds(long firstId) {
            for (int i = 0; i < dataOffsets.length; i++) {
                long id = firstId + i;
                int at = dataOffsets[i];
                if (cbor) {
                    bytes[at] = 0;
                    for (int b = 0; b < 8; b++) {
                        bytes[at + 1 + b] = (byte) (id >>> (56 - 8 * b));
                    }
                } else {
                    // 3 bytes → 4 characters; the header's bytes are 0, id[0..7]
                    long hi = id >>> 48; // bytes 1..2 with the leading zero
                    put24(bytes, at, (int) hi);
                    put24(bytes, at + 4, (int) ((id >>> 24) & 0xFFFFFF));
                    put24(bytes, at + 8, (int) (id & 0xFFFFFF));
                }
            }
        }

        int records() {
            return dataOffsets.length;
        }
    }

    private static void put24(byte[] out, int at, int v) {
        out[at] = B64[(v >>> 18) & 63];
        out[at + 1] = B64[(v >>> 12) & 63];
        out[at + 2] = B64[(v >>> 6) & 63];
        out[at + 3] = B64[v & 63];
    }

    static Batch batch(String stream, int records, int recordSize, int keyBase, boolean single, boolean cbor) {
        byte[] filler = new byte[recordSize - HEADER];
        for (int i = 0; i < filler.length; i++) {
            filler[i] = (byte) ('a' + (i * 7) % 26);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(records * (recordSize * 2 + 64) + 64);
        int[] offsets = new int[records];
        if (cbor) {
            out.write(single ? 0xA3 : 0xA2);
            cborText(out, "StreamName");
            cborText(out, stream);
            if (!single) {
                cborText(out, "Records");
                cborHead(out, 4, records);
            }
            for (int i = 0; i < records; i++) {
                if (!single) {
                    out.write(0xA2);
                }
                cborText(out, "Data");
                cborHead(out, 2, recordSize);
                offsets[i] = out.size();
                out.writeBytes(new byte[HEADER]);
                out.writeBytes(filler);
                cborText(out, "PartitionKey");
                cborText(out, "k" + (keyBase + i));
            }
        } else {
            String fill = Base64.getEncoder().encodeToString(filler);
            ascii(out, "{\"StreamName\":\"" + stream + "\",");
            if (!single) {
                ascii(out, "\"Records\":[");
            }
            for (int i = 0; i < records; i++) {
                if (i > 0) {
                    ascii(out, ",");
                }
                ascii(out, single ? "\"Data\":\"" : "{\"Data\":\"");
                offsets[i] = out.size();
                ascii(out, "AAAAAAAAAAAA" + fill);
                ascii(out, "\",\"PartitionKey\":\"k" + (keyBase + i) + (single ? "\"" : "\"}"));
            }
            ascii(out, single ? "}" : "]}");
        }
        return new Batch(out.toByteArray(), offsets, cbor);
    }

    static byte[] getShardIterator(String stream, String shardId, String type, boolean cbor) {
        return object(cbor, "StreamName", stream, "ShardId", shardId, "ShardIteratorType", type);
    }

    static byte[] getRecords(String iterator, int limit, boolean cbor) {
        if (cbor) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0xA2);
            cborText(out, "ShardIterator");
            cborText(out, iterator);
            cborText(out, "Limit");
            cborHead(out, 0, limit);
            return out.toByteArray();
        }
        return ("{\"ShardIterator\":\"" + iterator + "\",\"Limit\":" + limit + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] object(boolean cbor, String... kv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (cbor) {
            cborHead(out, 5, kv.length / 2);
            for (String s : kv) {
                cborText(out, s);
            }
        } else {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < kv.length; i += 2) {
                sb.append(i == 0 ? "" : ",")
                        .append('"')
                        .append(kv[i])
                        .append("\":\"")
                        .append(kv[i + 1])
                        .append('"');
            }
            ascii(out, sb.append('}').toString());
        }
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void cborText(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        cborHead(out, 3, b.length);
        out.writeBytes(b);
    }

    private static void cborHead(ByteArrayOutputStream out, int major, long n) {
        int m = major << 5;
        if (n < 24) {
            out.write(m | (int) n);
        } else if (n < 256) {
            out.write(m | 24);
            out.write((int) n);
        } else if (n < 65536) {
            out.write(m | 25);
            out.write((int) (n >>> 8));
            out.write((int) n);
        } else {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (n >>> s));
            }
        }
    }

    private static JsonParser parser(byte[] body, int length, boolean cbor) throws IOException {
        return cbor ? CBOR.createParser(body, 0, length) : JSON.createParser(body, 0, length);
    }

    /**
     * Reads a PutRecords answer: calls {@code accepted} with the index of every record without an
     * ErrorCode; returns how many failed.
     */
    static int putRecordsResult(byte[] body, int length, boolean cbor, java.util.function.IntConsumer accepted)
            throws IOException {
        int failed = 0;
        try (JsonParser p = parser(body, length, cbor)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("Records") && t == JsonToken.START_ARRAY) {
                    int index = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        boolean error = false;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken v = p.nextToken();
                            if (f.equals("ErrorCode") && v != JsonToken.VALUE_NULL) {
                                error = true;
                            }
                            p.skipChildren();
                        }
                        if (error) {
                            failed++;
                        } else {
                            accepted.accept(index);
                        }
                        index++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return failed;
    }

    /** What a GetRecords answer held: the next iterator, lag, and each record's id and data size. */
    record Page(String nextIterator, long millisBehind, int records, long dataBytes) {}

    static Page getRecordsResult(byte[] body, int length, boolean cbor, LongConsumer ids) throws IOException {
        String next = null;
        long behind = -1;
        int records = 0;
        long bytes = 0;
        try (JsonParser p = parser(body, length, cbor)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "NextShardIterator" -> next = t == JsonToken.VALUE_NULL ? null : p.getText();
                    case "MillisBehindLatest" -> behind = p.getLongValue();
                    case "Records" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            records++;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                p.nextToken();
                                if (f.equals("Data") && ids == null && !cbor) {
                                    // the size without decoding: 3 bytes per 4 characters, less padding
                                    int n = p.getTextLength();
                                    char[] c = p.getTextCharacters();
                                    int end = p.getTextOffset() + n;
                                    int pad = n == 0 ? 0 : (c[end - 1] == '=' ? (c[end - 2] == '=' ? 2 : 1) : 0);
                                    bytes += n / 4 * 3 - pad;
                                } else if (f.equals("Data")) {
                                    byte[] data = p.getBinaryValue();
                                    bytes += data.length;
                                    if (ids != null && data.length >= HEADER) {
                                        long id = 0;
                                        for (int b = 1; b < HEADER; b++) {
                                            id = (id << 8) | (data[b] & 0xFF);
                                        }
                                        ids.accept(id);
                                    }
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new Page(next, behind, records, bytes);
    }

    /** The value of a top-level string field, e.g. ShardIterator; null if absent. */
    static String field(byte[] body, int length, boolean cbor, String name) throws IOException {
        try (JsonParser p = parser(body, length, cbor)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(name)) {
                    return p.getValueAsString();
                }
                p.skipChildren();
            }
        }
        return null;
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) {
            throw new IOException("unexpected answer: " + got);
        }
    }
}
