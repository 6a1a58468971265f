package dev.eddy.engine.iterator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a shard iterator carries: the stream (name and creation time, so a recreated stream's
 * iterators are told apart), the shard, the next position to read and when it was issued.
 */
public record ShardIterator(
        String streamName, long streamCreatedMillis, int shardIndex, long position, long issuedMillis) {
    private static final byte KIND = 1;

    public String seal(TokenCipher cipher) {
        byte[] name = streamName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 8 + 8 + name.length);
        b.put(KIND)
                .putLong(streamCreatedMillis)
                .putInt(shardIndex)
                .putLong(position)
                .putLong(issuedMillis)
                .put(name);
        return cipher.seal(b.array());
    }

    /** The iterator a token holds, or null if it is not an iterator this server issued. */
    public static ShardIterator open(TokenCipher cipher, String token) {
        byte[] payload = cipher.open(token);
        if (payload == null || payload.length < 29 || payload[0] != KIND) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        b.get();
        long created = b.getLong();
        int shard = b.getInt();
        long position = b.getLong();
        long issued = b.getLong();
        String name = new String(payload, 29, payload.length - 29, StandardCharsets.UTF_8);
        return new ShardIterator(name, created, shard, position, issued);
    }
}
