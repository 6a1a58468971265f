package dev.eddy.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces small files so that a crash leaves either the old or the new content, never a mix:
 * write a temporary file, sync it, rename it over the old one, sync the directory.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Opens files for writing; the store substitutes this in fault-injection tests. */
    @FunctionalInterface
    public interface Opener {
        FileChannel open(Path path, java.nio.file.OpenOption... options) throws IOException;
    }

    public static void write(Path dir, String name, byte[] content) throws IOException {
        write(dir, name, content, FileChannel::open);
    }

    public static void write(Path dir, String name, byte[] content, Opener opener) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = opener.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
