package dev.eddy.engine;

import dev.eddy.engine.stream.ConsumerMeta;
import dev.eddy.engine.stream.ConsumerMeta.ConsumerStatus;
import dev.eddy.engine.stream.ShardId;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enhanced fan-out: the consumer registry (RegisterStreamConsumer, DescribeStreamConsumer,
 * ListStreamConsumers, DeregisterStreamConsumer) and SubscribeToShard's subscriptions, one per
 * consumer and shard, with AWS's takeover rule: a second subscribe within five seconds is
 * refused, a later one takes over and the earlier subscription ends.
 */
public final class FanOut {
    public static final int MAX_CONSUMERS = 20;
    public static final int MAX_CREATING = 5;
    public static final long TAKEOVER_MILLIS = 5_000;

    private final Engine engine;
    private final ConcurrentHashMap<String, ShardSubscription> active = new ConcurrentHashMap<>();

    FanOut(Engine engine) {
        this.engine = engine;
    }

    private String account() {
        return engine.config.accountId();
    }

    /** A consumer with the stream it belongs to. */
    public record Consumer(String streamName, String streamArn, ConsumerMeta meta) {
        public String arn() {
            return meta.arn(streamArn);
        }
    }

    private StreamState streamOf(String streamArn) {
        if (streamArn == null) {
            throw KinesisException.invalidArgument("StreamARN must be provided.");
        }
        return engine.resolve(null, streamArn);
    }

    public Consumer register(String streamArn, String name) {
        StreamState s = streamOf(streamArn);
        long now = engine.clock.millis();
        long delay = engine.config.stateTransitionMillis();
        ConsumerMeta created = new ConsumerMeta(
                name, now, delay == 0 ? ConsumerStatus.ACTIVE : ConsumerStatus.CREATING, delay == 0 ? -1 : now + delay);
        engine.catalog.update(s.name(), current -> {
            if (current == null || !current.uid().equals(s.uid())) {
                throw engine.streamNotFound(s.name());
            }
            if (current.consumer(name) != null) {
                throw KinesisException.inUse("Consumer " + name + " under stream " + current.name()
                        + " already exists for" + " account " + account() + ".");
            }
            long live = current.consumers().stream()
                    .filter(c -> c.status() != ConsumerStatus.DELETING)
                    .count();
            if (live >= MAX_CONSUMERS) {
                throw KinesisException.limitExceeded("Stream " + current.name() + " under account " + account()
                        + " already has " + MAX_CONSUMERS + " registered consumers, the most a stream may have.");
            }
            long creating = current.consumers().stream()
                    .filter(c -> c.status() == ConsumerStatus.CREATING)
                    .count();
            if (creating >= MAX_CREATING) {
                throw KinesisException.limitExceeded(
                        "Stream " + current.name() + " under account " + account() + " already" + " has " + MAX_CREATING
                                + " consumers in the CREATING state; try again when one is ACTIVE.");
            }
            List<ConsumerMeta> consumers = new ArrayList<>(current.consumers());
            consumers.add(created);
            return current.with(f -> f.consumers = consumers);
        });
        engine.scheduleTransitions();
        return new Consumer(s.name(), engine.arn(s.name()), created);
    }

    /** The consumer named by its ARN, or by stream ARN and name. */
    public Consumer describe(String streamArn, String name, String consumerArn) {
        if (consumerArn != null) {
            return byArn(consumerArn);
        }
        if (streamArn == null || name == null) {
            throw KinesisException.invalidArgument(
                    "Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
        }
        StreamState s = streamOf(streamArn);
        ConsumerMeta c = s.consumer(name);
        if (c == null) {
            throw KinesisException.notFound(
                    "Consumer " + name + " under stream " + s.name() + " not found for account " + account() + ".");
        }
        return new Consumer(s.name(), engine.arn(s.name()), c);
    }

    Consumer byArn(String consumerArn) {
        int at = consumerArn.indexOf("/consumer/");
        int colon = consumerArn.lastIndexOf(':');
        if (at < 0 || colon < at) {
            throw KinesisException.notFound("Consumer " + consumerArn + " not found.");
        }
        String streamArn = consumerArn.substring(0, at);
        String name = consumerArn.substring(at + "/consumer/".length(), colon);
        StreamState s;
        try {
            s = engine.resolve(null, streamArn);
        } catch (KinesisException e) {
            throw KinesisException.notFound("Consumer " + consumerArn + " not found.");
        }
        ConsumerMeta c = s.consumer(name);
        if (c == null || !c.arn(engine.arn(s.name())).equals(consumerArn)) {
            throw KinesisException.notFound("Consumer " + consumerArn + " not found.");
        }
        return new Consumer(s.name(), engine.arn(s.name()), c);
    }

    /** A page of ListStreamConsumers. */
    public record ConsumerPage(List<Consumer> consumers, String nextToken) {}

    public ConsumerPage list(String streamArn, String nextToken, Integer maxResults, Instant streamCreationTimestamp) {
        StreamState s = streamOf(streamArn);
        if (streamCreationTimestamp != null
                && streamCreationTimestamp.toEpochMilli() / 1000 != s.createdEpochSeconds()) {
            throw engine.streamNotFound(s.name());
        }
        int skip = 0;
        if (nextToken != null) {
            try {
                skip = Integer.parseInt(new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw KinesisException.invalidArgument("Invalid NextToken.");
            }
        }
        int max = maxResults == null ? 100 : maxResults;
        List<Consumer> page = new ArrayList<>();
        List<ConsumerMeta> all = s.consumers();
        for (int i = skip; i < all.size() && page.size() < max; i++) {
            page.add(new Consumer(s.name(), engine.arn(s.name()), all.get(i)));
        }
        String next = skip + page.size() < all.size()
                ? Base64.getUrlEncoder()
                        .encodeToString(Integer.toString(skip + page.size()).getBytes(StandardCharsets.UTF_8))
                : null;
        return new ConsumerPage(page, next);
    }

    public void deregister(String streamArn, String name, String consumerArn) {
        Consumer c = describe(streamArn, name, consumerArn);
        long delay = engine.config.stateTransitionMillis();
        engine.catalog.update(c.streamName(), current -> {
            if (current == null) {
                throw engine.streamNotFound(c.streamName());
            }
            List<ConsumerMeta> consumers = new ArrayList<>();
            for (ConsumerMeta m : current.consumers()) {
                if (!m.name().equals(c.meta().name())) {
                    consumers.add(m);
                } else if (delay > 0) {
                    consumers.add(m.withStatus(ConsumerStatus.DELETING, engine.clock.millis() + delay));
                }
            }
            return current.with(f -> f.consumers = consumers);
        });
        engine.scheduleTransitions();
        endSubscriptionsOf(c.arn());
    }

    /** Wakes every subscription of a consumer (or of a deleted stream) so that it notices. */
    void endSubscriptionsOf(String consumerArnPrefix) {
        for (ShardSubscription s : active.values()) {
            if (s.consumerArn().startsWith(consumerArnPrefix)) {
                s.wake();
            }
        }
    }

    public ShardSubscription subscribe(
            String consumerArn,
            String shardIdText,
            RecordReader.IteratorType type,
            String sequenceNumber,
            Instant timestamp) {
        Consumer c = byArn(consumerArn);
        if (c.meta().status() != ConsumerStatus.ACTIVE) {
            throw KinesisException.inUse("Consumer " + consumerArn + " is not ACTIVE, instead in state "
                    + c.meta().status() + ".");
        }
        StreamState s = engine.resolve(c.streamName(), null);
        ShardId id = ShardId.parse(shardIdText);
        if (id == null) {
            throw KinesisException.notFound("Could not find shard " + shardIdText + " in stream " + s.name()
                    + " under account " + account() + ".");
        }
        ShardMeta meta = engine.reader().visibleShard(s, id.index());
        long position = engine.reader().startPosition(s, meta, type, sequenceNumber, timestamp);
        String key = consumerArn + "|" + meta.index();
        long now = engine.clock.millis();
        ShardSubscription[] replaced = new ShardSubscription[1];
        ShardSubscription created =
                new ShardSubscription(engine, this, key, consumerArn, s, meta.index(), position, now);
        active.compute(key, (k, existing) -> {
            if (existing != null && !existing.isClosed()) {
                if (now - existing.startedMillis() < TAKEOVER_MILLIS) {
                    engine.metrics.add(c.streamName(), "SubscribeToShard.RateExceeded", 1);
                    throw KinesisException.inUse("Another active subscription exists for consumer " + consumerArn
                            + " on shard " + meta.id() + "; a new subscription may take it over "
                            + TAKEOVER_MILLIS / 1000 + " seconds after it started.");
                }
                replaced[0] = existing;
            }
            return created;
        });
        if (replaced[0] != null) {
            replaced[0].supersede();
        }
        engine.metrics.add(c.streamName(), "SubscribeToShard.Success", 1);
        return created;
    }

    void release(ShardSubscription subscription) {
        active.remove(subscription.key(), subscription);
    }

    /** The open subscriptions (for metrics and tests). */
    public List<ShardSubscription> subscriptions() {
        return active.values().stream().filter(s -> !s.isClosed()).toList();
    }

    /** Subscriptions currently open (for tests and metrics). */
    public int activeSubscriptions() {
        return (int) active.values().stream().filter(s -> !s.isClosed()).count();
    }
}
