package dev.eddy.engine.stream;

/** A shard's name, {@code shardId-} and its index in twelve digits, and its index. */
public record ShardId(int index) {
    public ShardId {
        if (index < 0) {
            throw new IllegalArgumentException("negative shard index");
        }
    }

    /** Parses {@code shardId-000000000007}; null if the text is not a shard id. */
    public static ShardId parse(String text) {
        if (text == null || !text.startsWith("shardId-")) {
            return null;
        }
        String digits = text.substring("shardId-".length());
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long index = Long.parseLong(digits);
        return index > Integer.MAX_VALUE ? null : new ShardId((int) index);
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
