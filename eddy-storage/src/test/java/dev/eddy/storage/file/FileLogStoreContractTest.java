package dev.eddy.storage.file;

import dev.eddy.storage.Durability;
import dev.eddy.storage.LogStore;
import dev.eddy.storage.LogStoreContract;
import dev.eddy.storage.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on disk, with small segments so that reads and retention cross segment files. */
class FileLogStoreContractTest extends LogStoreContract {
    @TempDir
    Path dir;

    @Override
    protected LogStore openStore(MutableClock clock) {
        return FileLogStore.open(FileLogStore.Options.defaults(dir)
                .withClock(clock)
                .withDurability(Durability.FSYNC)
                .withSegmentBytes(256 << 10));
    }
}
