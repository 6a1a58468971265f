package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/** Enhanced fan-out through the AWS SDK for Java v2 async client, over HTTP/2 plain and TLS. */
class EnhancedFanOutTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static final AtomicInteger names = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, "--limits", "off", "--subscription-lifetime-s", "3");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String arn(String stream) {
        return "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream;
    }

    /** What a subscriber saw: events in order, and how the stream ended. */
    static final class Subscription {
        final BlockingQueue<SubscribeToShardEvent> events = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> done;
        final CompletableFuture<Void> opened = new CompletableFuture<>();

        Subscription(
                KinesisAsyncClient kinesis,
                String consumerArn,
                String shard,
                ShardIteratorType type,
                String seq,
                Instant ts) {
            done = kinesis.subscribeToShard(
                    b -> b.consumerARN(consumerArn)
                            .shardId(shard)
                            .startingPosition(
                                    p -> p.type(type).sequenceNumber(seq).timestamp(ts)),
                    SubscribeToShardResponseHandler.builder()
                            .onResponse(r -> opened.complete(null))
                            .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                                    .onSubscribeToShardEvent(events::add)
                                    .build())
                            .build());
        }

        /** Events until {@code n} records have arrived. */
        List<Record> records(int n) throws InterruptedException {
            List<Record> out = new ArrayList<>();
            while (out.size() < n) {
                SubscribeToShardEvent e = events.poll(10, TimeUnit.SECONDS);
                assertThat(e)
                        .as("an event within 10 s (have %d of %d records)", out.size(), n)
                        .isNotNull();
                out.addAll(e.records());
            }
            return out;
        }

        SubscribeToShardEvent next() throws InterruptedException {
            SubscribeToShardEvent e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }
    }

    String stream(KinesisAsyncClient kinesis, int shards) {
        String name = "efo-" + names.incrementAndGet();
        kinesis.createStream(b -> b.streamName(name).shardCount(shards)).join();
        return name;
    }

    Consumer consumer(KinesisAsyncClient kinesis, String stream, String name) {
        return kinesis.registerStreamConsumer(b -> b.streamARN(arn(stream)).consumerName(name))
                .join()
                .consumer();
    }

    void put(KinesisAsyncClient kinesis, String stream, String data) {
        kinesis.putRecord(b -> b.streamName(stream)
                        .partitionKey("k")
                        .explicitHashKey("0")
                        .data(SdkBytes.fromUtf8String(data)))
                .join();
    }

    static List<String> data(List<Record> records) {
        return records.stream().map(r -> r.data().asUtf8String()).toList();
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aSubscriberReceivesRecordsPutBeforeAndAfterItSubscribed(boolean tls) throws Exception {
        KinesisAsyncClient kinesis = server.async(tls);
        String stream = stream(kinesis, 1);
        put(kinesis, stream, "before-1");
        put(kinesis, stream, "before-2");
        Consumer c = consumer(kinesis, stream, "app");
        assertThat(c.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
        assertThat(c.consumerARN()).startsWith(arn(stream) + "/consumer/app:");

        Subscription sub = new Subscription(
                kinesis, c.consumerARN(), "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        sub.opened.get(10, TimeUnit.SECONDS);
        List<Record> first = sub.records(2);
        assertThat(data(first)).containsExactly("before-1", "before-2");
        put(kinesis, stream, "after");
        assertThat(data(sub.records(1))).containsExactly("after");
        SubscribeToShardEvent idle = sub.next();
        assertThat(idle.records()).isEmpty();
        assertThat(idle.continuationSequenceNumber()).isNotNull();
        assertThat(idle.millisBehindLatest()).isZero();
        sub.done.get(10, TimeUnit.SECONDS); // the subscription ends normally after its lifetime
    }

    @Test
    void everyStartingPositionAndTheContinuationResumeWithoutLossOrDuplicates() throws Exception {
        KinesisAsyncClient kinesis = server.async(false);
        String stream = stream(kinesis, 1);
        String shard = "shardId-000000000000";
        Consumer c = consumer(kinesis, stream, "app");
        Subscription empty =
                new Subscription(kinesis, c.consumerARN(), shard, ShardIteratorType.TRIM_HORIZON, null, null);
        SubscribeToShardEvent heartbeat = empty.next();
        assertThat(heartbeat.records()).isEmpty();
        empty.done.get(10, TimeUnit.SECONDS);

        for (int i = 0; i < 5; i++) {
            put(kinesis, stream, "r" + i);
        }
        server.clock.advance(5_000);
        // resuming after the idle continuation of an empty shard misses nothing
        Subscription resumed = new Subscription(
                kinesis,
                c.consumerARN(),
                shard,
                ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                heartbeat.continuationSequenceNumber(),
                null);
        List<Record> all = resumed.records(5);
        assertThat(data(all)).containsExactly("r0", "r1", "r2", "r3", "r4");
        resumed.done.get(10, TimeUnit.SECONDS);

        server.clock.advance(5_000);
        Subscription at = new Subscription(
                kinesis,
                c.consumerARN(),
                shard,
                ShardIteratorType.AT_SEQUENCE_NUMBER,
                all.get(2).sequenceNumber(),
                null);
        assertThat(data(at.records(3))).containsExactly("r2", "r3", "r4");
        at.done.get(10, TimeUnit.SECONDS);

        server.clock.advance(5_000);
        Subscription after = new Subscription(
                kinesis,
                c.consumerARN(),
                shard,
                ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                all.get(2).sequenceNumber(),
                null);
        List<Record> tail = after.records(2);
        assertThat(data(tail)).containsExactly("r3", "r4");
        SubscribeToShardEvent caughtUp = after.next();
        after.done.get(10, TimeUnit.SECONDS);

        server.clock.advance(5_000);
        Subscription cont = new Subscription(
                kinesis,
                c.consumerARN(),
                shard,
                ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                caughtUp.continuationSequenceNumber(),
                null);
        put(kinesis, stream, "r5");
        assertThat(data(cont.records(1))).containsExactly("r5");
        cont.done.get(10, TimeUnit.SECONDS);

        server.clock.advance(5_000);
        Subscription latest = new Subscription(kinesis, c.consumerARN(), shard, ShardIteratorType.LATEST, null, null);
        latest.opened.get(10, TimeUnit.SECONDS);
        put(kinesis, stream, "r6");
        assertThat(data(latest.records(1))).containsExactly("r6");
        latest.done.get(10, TimeUnit.SECONDS);

        server.clock.advance(5_000);
        Subscription byTime = new Subscription(
                kinesis, c.consumerARN(), shard, ShardIteratorType.AT_TIMESTAMP, null, Instant.ofEpochMilli(0));
        assertThat(data(byTime.records(7))).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
        byTime.done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSubscriptionToASplitShardEndsWithItsChildShards() throws Exception {
        KinesisAsyncClient kinesis = server.async(false);
        String stream = stream(kinesis, 1);
        Consumer c = consumer(kinesis, stream, "app");
        put(kinesis, stream, "parent-1");
        Subscription sub = new Subscription(
                kinesis, c.consumerARN(), "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        assertThat(data(sub.records(1))).containsExactly("parent-1");
        put(kinesis, stream, "parent-2");
        assertThat(data(sub.records(1))).containsExactly("parent-2");
        kinesis.splitShard(b -> b.streamName(stream)
                        .shardToSplit("shardId-000000000000")
                        .newStartingHashKey("1000"))
                .join();
        put(kinesis, stream, "child");
        SubscribeToShardEvent last;
        do {
            last = sub.next();
        } while (last.childShards().isEmpty());
        assertThat(last.continuationSequenceNumber()).isNull();
        assertThat(last.childShards())
                .extracting(cs -> cs.shardId())
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        assertThat(last.childShards().get(0).parentShards()).containsExactly("shardId-000000000000");
        sub.done.get(10, TimeUnit.SECONDS);
        Subscription child = new Subscription(
                kinesis, c.consumerARN(), "shardId-000000000001", ShardIteratorType.TRIM_HORIZON, null, null);
        assertThat(data(child.records(1))).containsExactly("child");
        child.done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSecondSubscriptionIsRefusedWithinFiveSecondsAndTakesOverAfter() throws Exception {
        KinesisAsyncClient kinesis = server.async(false);
        String stream = stream(kinesis, 1);
        Consumer c = consumer(kinesis, stream, "app");
        Subscription first = new Subscription(
                kinesis, c.consumerARN(), "shardId-000000000000", ShardIteratorType.LATEST, null, null);
        first.opened.get(10, TimeUnit.SECONDS);
        Subscription refused = new Subscription(
                kinesis, c.consumerARN(), "shardId-000000000000", ShardIteratorType.LATEST, null, null);
        assertThatThrownBy(() -> refused.done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("Another active subscription exists for consumer");
        server.clock.advance(5_000);
        Subscription second = new Subscription(
                kinesis, c.consumerARN(), "shardId-000000000000", ShardIteratorType.LATEST, null, null);
        second.opened.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> first.done.get(10, TimeUnit.SECONDS))
                .as("the first subscription ends when taken over")
                .hasCauseInstanceOf(ResourceInUseException.class);
        put(kinesis, stream, "to-second");
        assertThat(data(second.records(1))).containsExactly("to-second");
        second.done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void consumersAreRegisteredDescribedListedAndDeregistered() {
        KinesisAsyncClient kinesis = server.async(false);
        String stream = stream(kinesis, 1);
        Consumer a = consumer(kinesis, stream, "a");
        consumer(kinesis, stream, "b");
        assertThatThrownBy(() -> consumer(kinesis, stream, "a")).hasCauseInstanceOf(ResourceInUseException.class);
        var byArn = kinesis.describeStreamConsumer(b -> b.consumerARN(a.consumerARN()))
                .join()
                .consumerDescription();
        assertThat(byArn.consumerName()).isEqualTo("a");
        assertThat(byArn.streamARN()).isEqualTo(arn(stream));
        var byName = kinesis.describeStreamConsumer(
                        b -> b.streamARN(arn(stream)).consumerName("a"))
                .join()
                .consumerDescription();
        assertThat(byName.consumerARN()).isEqualTo(a.consumerARN());
        var page = kinesis.listStreamConsumers(b -> b.streamARN(arn(stream)).maxResults(1))
                .join();
        assertThat(page.consumers()).extracting(Consumer::consumerName).containsExactly("a");
        assertThat(kinesis.listStreamConsumers(b -> b.streamARN(arn(stream)).nextToken(page.nextToken()))
                        .join()
                        .consumers())
                .extracting(Consumer::consumerName)
                .containsExactly("b");
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream))
                        .join()
                        .streamDescriptionSummary()
                        .consumerCount())
                .isEqualTo(2);

        assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(stream)).join())
                .hasCauseInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("DeleteStream can\u2019t delete 000000000000:" + stream
                        + " because there are consumers associated with this data stream. To delete " + stream
                        + " anyway, set the EnforceConsumerDeletion parameter to true");
        kinesis.deregisterStreamConsumer(b -> b.consumerARN(a.consumerARN())).join();
        assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(a.consumerARN()))
                        .join())
                .hasCauseInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> new Subscription(
                                kinesis, a.consumerARN(), "shardId-000000000000", ShardIteratorType.LATEST, null, null)
                        .done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResourceNotFoundException.class);

        for (int i = 0; i < 19; i++) {
            consumer(kinesis, stream, "more-" + i);
        }
        assertThatThrownBy(() -> consumer(kinesis, stream, "one-too-many"))
                .hasCauseInstanceOf(LimitExceededException.class);
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true))
                .join();
        assertThatThrownBy(() -> kinesis.listStreamConsumers(b -> b.streamARN(arn(stream)))
                        .join())
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deregisteringAConsumerEndsItsSubscriptions() throws Exception {
        KinesisAsyncClient kinesis = server.async(false);
        String stream = stream(kinesis, 1);
        Consumer c = consumer(kinesis, stream, "app");
        Subscription sub = new Subscription(
                kinesis, c.consumerARN(), "shardId-000000000000", ShardIteratorType.LATEST, null, null);
        sub.opened.get(10, TimeUnit.SECONDS);
        kinesis.deregisterStreamConsumer(b -> b.consumerARN(c.consumerARN())).join();
        assertThatThrownBy(() -> sub.done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResourceNotFoundException.class);
        assertThat(server.server().engine().fanOut().activeSubscriptions()).isZero();
    }
}
