package dev.eddy.engine.stream;

/** A shard's name, {@code shardId-} and its index in twelve digits, and its index. */
public record ShardId(int index) {
    public ShardId {
        if (index < 0) {
            throw new IllegalArgumentException("negative shard index");
        }
    }

    /**
     * Reads a shard id the way Kinesis does: the text after the first {@code -} (or all of it when
     * there is none, or nothing follows) must be decimal digits naming an index below 2<sup>31</sup>,
     * so {@code shardId-000000000001}, {@code shard-1}, {@code anything-1} and {@code 1} all name
     * shard 1. Null if the text names no shard ({@code 2.14E4}, letters, 2147483648, empty).
     */
    public static ShardId parse(String text) {
        if (text == null) {
            return null;
        }
        int dash = text.indexOf('-');
        int from = 0;
        int to = text.length();
        if (dash >= 0) {
            int next = text.indexOf('-', dash + 1);
            int end = next < 0 ? text.length() : next;
            if (end > dash + 1) {
                from = dash + 1;
                to = end;
            }
        }
        if (from == to) {
            return null;
        }
        long index = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            index = index * 10 + (c - '0');
            if (index > Integer.MAX_VALUE) {
                return null;
            }
        }
        return new ShardId((int) index);
    }

    /** Named on every record a put answers, so spelt out by hand rather than by a format string. */
    @Override
    public String toString() {
        byte[] name = {
            's', 'h', 'a', 'r', 'd', 'I', 'd', '-', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'
        };
        for (int i = name.length - 1, v = index; v > 0; i--, v /= 10) {
            name[i] = (byte) ('0' + v % 10);
        }
        return new String(name, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
