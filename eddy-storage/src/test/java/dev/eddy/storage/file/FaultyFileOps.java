package dev.eddy.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Real files whose writes or syncs fail on demand, as a full or failing disk would make them. */
final class FaultyFileOps implements FileOps {
    volatile String failWrites;
    volatile String failSyncs;
    /** Bytes a failing write still puts on disk before it fails (a partial write). */
    volatile int partialBytes;

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Channel(FileChannel.open(path, options));
    }

    private final class Channel extends FileChannel {
        private final FileChannel delegate;

        Channel(FileChannel delegate) {
            this.delegate = delegate;
        }

        private int maybeFailWrite(ByteBuffer src, long position) throws IOException {
            String message = failWrites;
            if (message == null) {
                return -1;
            }
            int partial = Math.min(partialBytes, src.remaining());
            if (partial > 0) {
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + partial);
                delegate.write(part, position);
            }
            throw new IOException(message);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            maybeFailWrite(src, position);
            return delegate.write(src, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            maybeFailWrite(src, delegate.position());
            return delegate.write(src);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            String message = failSyncs;
            if (message != null) {
                throw new IOException(message);
            }
            delegate.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (failWrites != null) {
                throw new IOException(failWrites);
            }
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
