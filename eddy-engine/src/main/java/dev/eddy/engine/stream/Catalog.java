package dev.eddy.engine.stream;

import dev.eddy.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Every stream's current {@link StreamState}, and the file that keeps them across restarts.
 *
 * <p>Reads are lock-free (a concurrent map of immutable states). Changes are serialised by one
 * lock, applied, and written to {@code catalog.bin} (replaced atomically) before they return,
 * so an acknowledged CreateStream or AddTagsToStream survives a crash. Without a directory the
 * catalog lives in memory only.
 */
public final class Catalog {
    static final String FILE = "catalog.bin";

    private final Path dir;
    private final ConcurrentHashMap<String, StreamState> streams = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Map<String, String> account = new ConcurrentHashMap<>();

    private Catalog(Path dir) {
        this.dir = dir;
    }

    /** A catalog persisted in {@code dir}, loading what is there. */
    public static Catalog open(Path dir) {
        Catalog c = new Catalog(dir);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(FILE + ".tmp"));
            byte[] bytes = Files.readAllBytes(dir.resolve(FILE));
            for (StreamState s : CatalogCodec.decode(bytes, c.account)) {
                c.streams.put(s.name(), s);
            }
        } catch (NoSuchFileException e) {
            // a new catalog
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stream catalog in " + dir + ": " + e.getMessage(), e);
        }
        return c;
    }

    public static Catalog inMemory() {
        return new Catalog(null);
    }

    public Optional<StreamState> get(String name) {
        return Optional.ofNullable(streams.get(name));
    }

    /** Streams sorted by name. */
    public List<StreamState> all() {
        List<StreamState> list = new ArrayList<>(streams.values());
        list.sort(Comparator.comparing(StreamState::name));
        return list;
    }

    public int size() {
        return streams.size();
    }

    /**
     * Applies {@code change} to the stream named {@code name} (null if absent; returning null
     * removes it) and persists the result. Runs under the catalog lock: {@code change} sees the
     * latest state and may throw to refuse.
     */
    public StreamState update(String name, UnaryOperator<StreamState> change) {
        synchronized (lock) {
            StreamState before = streams.get(name);
            StreamState after = change.apply(before);
            if (after == before) {
                return after;
            }
            if (after == null) {
                streams.remove(name);
            } else {
                streams.put(name, after);
            }
            try {
                persist();
            } catch (IOException e) {
                if (before == null) {
                    streams.remove(name);
                } else {
                    streams.put(name, before);
                }
                throw new UncheckedIOException("cannot persist the stream catalog: " + e.getMessage(), e);
            }
            return after;
        }
    }

    /** An account-wide setting, or null. */
    public String accountSetting(String key) {
        return account.get(key);
    }

    /** Sets account-wide settings (a null value removes one) and persists them. */
    public void updateAccountSettings(Map<String, String> changes) {
        synchronized (lock) {
            Map<String, String> before = new java.util.HashMap<>(account);
            changes.forEach((k, v) -> {
                if (v == null) {
                    account.remove(k);
                } else {
                    account.put(k, v);
                }
            });
            try {
                persist();
            } catch (IOException e) {
                account.clear();
                account.putAll(before);
                throw new UncheckedIOException("cannot persist the stream catalog: " + e.getMessage(), e);
            }
        }
    }

    /** Runs {@code action} under the catalog lock (for checks across streams, like limits). */
    public <T> T locked(java.util.function.Supplier<T> action) {
        synchronized (lock) {
            return action.get();
        }
    }

    private void persist() throws IOException {
        if (dir == null) {
            return;
        }
        Collection<StreamState> snapshot = all();
        AtomicFiles.write(dir, FILE, CatalogCodec.encode(snapshot, new java.util.TreeMap<>(account)));
    }
}
