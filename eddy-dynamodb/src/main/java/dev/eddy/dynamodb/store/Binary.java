package dev.eddy.dynamodb.store;

import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.KeySchema;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Bytes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The binary forms of items and table specs in snapshots: a type tag per value, lengths before
 * strings and collections, numbers as their plain decimal text. Strings are written as UTF-8 with
 * an int length (DataOutput's modified UTF-8 stops at 64 KB). Stateless.
 */
final class Binary {
    private Binary() {}

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeItem(DataOutput out, Map<String, AttributeValue> item) throws IOException {
        out.writeInt(item.size());
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            writeString(out, e.getKey());
            writeValue(out, e.getValue());
        }
    }

    static Map<String, AttributeValue> readItem(DataInput in) throws IOException {
        int n = in.readInt();
        Map<String, AttributeValue> out = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String name = readString(in);
            out.put(name, readValue(in));
        }
        return Collections.unmodifiableMap(out);
    }

    static void writeValue(DataOutput out, AttributeValue v) throws IOException {
        if (v instanceof AttributeValue.S s) {
            out.writeByte(1);
            writeString(out, s.value());
        } else if (v instanceof AttributeValue.N n) {
            out.writeByte(2);
            writeString(out, n.value().toString());
        } else if (v instanceof AttributeValue.B b) {
            out.writeByte(3);
            writeBytes(out, b.value());
        } else if (v instanceof AttributeValue.Bool b) {
            out.writeByte(b.value() ? 4 : 5);
        } else if (v instanceof AttributeValue.Null) {
            out.writeByte(6);
        } else if (v instanceof AttributeValue.M m) {
            out.writeByte(7);
            writeItem(out, m.value());
        } else if (v instanceof AttributeValue.L l) {
            out.writeByte(8);
            out.writeInt(l.value().size());
            for (AttributeValue x : l.value()) {
                writeValue(out, x);
            }
        } else if (v instanceof AttributeValue.SS ss) {
            out.writeByte(9);
            out.writeInt(ss.value().size());
            for (String x : ss.value()) {
                writeString(out, x);
            }
        } else if (v instanceof AttributeValue.NS ns) {
            out.writeByte(10);
            out.writeInt(ns.value().size());
            for (BigDecimal x : ns.value()) {
                writeString(out, x.toString());
            }
        } else {
            out.writeByte(11);
            Set<Bytes> bs = ((AttributeValue.BS) v).value();
            out.writeInt(bs.size());
            for (Bytes x : bs) {
                writeBytes(out, x);
            }
        }
    }

    private static void writeBytes(DataOutput out, Bytes b) throws IOException {
        out.writeInt(b.length());
        out.write(b.array());
    }

    private static Bytes readBytes(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new Bytes(b);
    }

    static AttributeValue readValue(DataInput in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case 1:
                return new AttributeValue.S(readString(in));
            case 2:
                return new AttributeValue.N(new BigDecimal(readString(in)));
            case 3:
                return new AttributeValue.B(readBytes(in));
            case 4:
                return AttributeValue.TRUE;
            case 5:
                return AttributeValue.FALSE;
            case 6:
                return AttributeValue.NULL;
            case 7:
                return new AttributeValue.M(readItem(in));
            case 8: {
                int n = in.readInt();
                List<AttributeValue> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(readValue(in));
                }
                return new AttributeValue.L(Collections.unmodifiableList(l));
            }
            case 9: {
                int n = in.readInt();
                Set<String> s = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    s.add(readString(in));
                }
                return new AttributeValue.SS(Collections.unmodifiableSet(s));
            }
            case 10: {
                int n = in.readInt();
                Set<BigDecimal> s = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    s.add(new BigDecimal(readString(in)));
                }
                return new AttributeValue.NS(Collections.unmodifiableSet(s));
            }
            case 11: {
                int n = in.readInt();
                Set<Bytes> s = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    s.add(readBytes(in));
                }
                return new AttributeValue.BS(Collections.unmodifiableSet(s));
            }
            default:
                throw new IOException("unknown value tag " + tag);
        }
    }

    private static void writeKey(DataOutput out, KeySchema k) throws IOException {
        writeString(out, k.hash());
        writeString(out, k.hashType());
        writeString(out, k.range());
        writeString(out, k.rangeType());
    }

    private static KeySchema readKey(DataInput in) throws IOException {
        return new KeySchema(readString(in), readString(in), readString(in), readString(in));
    }

    private static void writeStrings(DataOutput out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readStrings(DataInput in) throws IOException {
        int n = in.readInt();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(readString(in), readString(in));
        }
        return m;
    }

    static void writeSpec(DataOutput out, TableSpec s) throws IOException {
        writeString(out, s.name());
        writeString(out, s.id());
        writeString(out, s.arn());
        out.writeLong(s.createdMillis());
        writeStrings(out, s.attributes());
        writeKey(out, s.key());
        writeString(out, s.billingMode());
        out.writeLong(s.readCapacity());
        out.writeLong(s.writeCapacity());
        out.writeLong(s.lastIncreaseMillis());
        out.writeLong(s.lastDecreaseMillis());
        out.writeInt(s.decreasesToday());
        out.writeLong(s.payPerRequestSinceMillis());
        out.writeInt(s.indexes().size());
        for (IndexSpec i : s.indexes()) {
            writeString(out, i.name());
            out.writeBoolean(i.global());
            writeKey(out, i.key());
            writeString(out, i.projectionType());
            out.writeInt(
                    i.nonKeyAttributes() == null ? -1 : i.nonKeyAttributes().size());
            if (i.nonKeyAttributes() != null) {
                for (String a : i.nonKeyAttributes()) {
                    writeString(out, a);
                }
            }
            out.writeLong(i.readCapacity());
            out.writeLong(i.writeCapacity());
            out.writeLong(i.createdMillis());
            out.writeBoolean(i.addedLater());
            out.writeLong(i.deletedMillis());
        }
        writeString(out, s.ttlAttribute());
        writeStrings(out, s.tags());
        out.writeBoolean(s.pointInTimeRecovery());
        out.writeLong(s.pointInTimeRecoverySinceMillis());
        out.writeInt(s.recoveryPeriodDays());
        out.writeBoolean(s.deletionProtection());
        out.writeLong(s.updatingSinceMillis());
        out.writeLong(s.deletingMillis());
        out.writeBoolean(s.streamEnabled());
        writeString(out, s.streamViewType());
        writeString(out, s.tableClass());
    }

    static TableSpec readSpec(DataInput in) throws IOException {
        TableSpec.Builder b = new TableSpec.Builder();
        b.name = readString(in);
        b.id = readString(in);
        b.arn = readString(in);
        b.createdMillis = in.readLong();
        b.attributes = readStrings(in);
        b.key = readKey(in);
        b.billingMode = readString(in);
        b.readCapacity = in.readLong();
        b.writeCapacity = in.readLong();
        b.lastIncreaseMillis = in.readLong();
        b.lastDecreaseMillis = in.readLong();
        b.decreasesToday = in.readInt();
        b.payPerRequestSinceMillis = in.readLong();
        int n = in.readInt();
        List<IndexSpec> indexes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = readString(in);
            boolean global = in.readBoolean();
            KeySchema key = readKey(in);
            String projection = readString(in);
            int k = in.readInt();
            List<String> nonKey = null;
            if (k >= 0) {
                nonKey = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    nonKey.add(readString(in));
                }
            }
            indexes.add(new IndexSpec(
                    name,
                    global,
                    key,
                    projection,
                    nonKey,
                    in.readLong(),
                    in.readLong(),
                    in.readLong(),
                    in.readBoolean(),
                    in.readLong()));
        }
        b.indexes = indexes;
        b.ttlAttribute = readString(in);
        b.tags = readStrings(in);
        b.pointInTimeRecovery = in.readBoolean();
        b.pointInTimeRecoverySinceMillis = in.readLong();
        b.recoveryPeriodDays = in.readInt();
        b.deletionProtection = in.readBoolean();
        b.updatingSinceMillis = in.readLong();
        b.deletingMillis = in.readLong();
        b.streamEnabled = in.readBoolean();
        b.streamViewType = readString(in);
        b.tableClass = readString(in);
        return b.build();
    }
}
