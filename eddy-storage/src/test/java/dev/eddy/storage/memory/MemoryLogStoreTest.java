package dev.eddy.storage.memory;

import dev.eddy.storage.LogStore;
import dev.eddy.storage.LogStoreContract;
import dev.eddy.storage.MutableClock;

class MemoryLogStoreTest extends LogStoreContract {
    @Override
    protected LogStore openStore(MutableClock clock) {
        return new MemoryLogStore(clock);
    }
}
