package dev.eddy.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of the node log, named by its base offset in the log. The newest segment is the
 * active one, written by the log writer; older ones are complete and immutable, with an index
 * file beside them.
 *
 * <p>Readers call {@link #read} from any thread (positional reads on a shared channel). All other
 * state belongs to the writer thread.
 */
final class Segment {
    final long base;
    final Path file;
    final FileChannel channel;
    /** Bytes of valid chunks; writer only (readers use chunk locations from the index). */
    long size;
    /** Every shard with chunks here, for retention; writer only. */
    final List<FileShardLog> shards = new ArrayList<>();

    final List<SegmentRef> refs = new ArrayList<>();

    Segment(long base, Path file, FileChannel channel, long size) {
        this.base = base;
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    static String fileName(long base) {
        return String.format("%020d.log", base);
    }

    static String indexName(long base) {
        return String.format("%020d.idx", base);
    }

    /** Reads {@code length} bytes at {@code offset} into a new array. Any thread. */
    byte[] read(int offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long at = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of " + file + " at " + at);
            }
            at += n;
        }
        return bytes;
    }

    void register(FileShardLog shard, SegmentRef ref) {
        shards.add(shard);
        refs.add(ref);
    }

    @Override
    public String toString() {
        return "Segment[" + file.getFileName() + ", " + size + " bytes]";
    }
}
