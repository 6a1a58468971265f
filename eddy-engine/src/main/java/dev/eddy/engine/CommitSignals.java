package dev.eddy.engine;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who wants to know when a shard has new committed records (or was sealed): subscriptions, so
 * they push on commit rather than poll. Listeners run on the thread that completes the append
 * (the store's writer), so they must only hand work over to their own thread. Thread-safe.
 */
final class CommitSignals {
    private final ConcurrentHashMap<String, List<Runnable>> listeners = new ConcurrentHashMap<>();

    void listen(String shard, Runnable listener) {
        listeners.computeIfAbsent(shard, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void forget(String shard, Runnable listener) {
        listeners.computeIfPresent(shard, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    void fire(String shard) {
        List<Runnable> list = listeners.get(shard);
        if (list != null) {
            for (Runnable r : list) {
                r.run();
            }
        }
    }
}
