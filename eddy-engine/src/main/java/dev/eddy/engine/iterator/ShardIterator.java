package dev.eddy.engine.iterator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a shard iterator carries: the account and stream (name and creation time, so a recreated
 * stream's iterators are told apart), the shard, the next position to read and when it was
 * issued. The account lets a server that holds several route an iterator issued for another
 * account's stream (read by ARN under its resource policy) back to that account.
 */
public record ShardIterator(
        String accountId,
        String streamName,
        long streamCreatedMillis,
        int shardIndex,
        long position,
        long issuedMillis) {
    /** Iterators without an account, as issued before accounts were carried: the reading account's. */
    private static final byte KIND_WITHOUT_ACCOUNT = 1;

    private static final byte KIND = 2;
    private static final int FIXED = 1 + 8 + 4 + 8 + 8;

    public String seal(TokenCipher cipher) {
        byte[] account = accountId.getBytes(StandardCharsets.US_ASCII);
        byte[] name = streamName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED + 1 + account.length + name.length);
        b.put(KIND)
                .putLong(streamCreatedMillis)
                .putInt(shardIndex)
                .putLong(position)
                .putLong(issuedMillis)
                .put((byte) account.length)
                .put(account)
                .put(name);
        return cipher.seal(b.array());
    }

    /**
     * The iterator a token holds, or null if it is not an iterator this server issued. An iterator
     * from before accounts were carried opens with a null account.
     */
    public static ShardIterator open(TokenCipher cipher, String token) {
        byte[] payload = cipher.open(token);
        if (payload == null || payload.length < FIXED || payload[0] != KIND && payload[0] != KIND_WITHOUT_ACCOUNT) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        byte kind = b.get();
        long created = b.getLong();
        int shard = b.getInt();
        long position = b.getLong();
        long issued = b.getLong();
        String account = null;
        if (kind == KIND) {
            int length = b.hasRemaining() ? b.get() : -1;
            if (length < 0 || b.remaining() < length) {
                return null;
            }
            account = new String(payload, b.position(), length, StandardCharsets.US_ASCII);
            b.position(b.position() + length);
        }
        String name = new String(payload, b.position(), b.remaining(), StandardCharsets.UTF_8);
        return new ShardIterator(account, name, created, shard, position, issued);
    }
}
