package dev.eddy.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the store opens files. Production uses {@link #DEFAULT}; tests substitute channels that fail
 * on demand to show that disk-full and I/O errors surface to callers.
 */
@FunctionalInterface
public interface FileOps {
    FileOps DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
