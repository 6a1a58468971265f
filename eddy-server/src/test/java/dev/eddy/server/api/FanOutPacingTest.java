package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * With limits enforced, an enhanced fan-out consumer is sent at most 2 MiB/s of a shard (a
 * second's worth at once): a subscriber far behind catches up at that pace. The server's clock
 * is the test's, so the pace is checked by moving it, not by timing.
 */
class FanOutPacingTest {
    private static final int RECORD_BYTES = 1000;
    private static final int RECORDS = 5000; // 5 MB: 1,000 a second, within the shard's write limits

    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, "--limits", "aws");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSubscriberBehindCatchesUpAtTwoMebibytesASecond() throws Exception {
        KinesisAsyncClient kinesis = server.async(false);
        kinesis.createStream(b -> b.streamName("paced").shardCount(1)).join();
        for (int second = 0; second < RECORDS / 1000; second++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                byte[] data = new byte[RECORD_BYTES];
                String id = Integer.toString(second * 1000 + i);
                System.arraycopy(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, data, 0, id.length());
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("k")
                        .data(SdkBytes.fromByteArray(data))
                        .build());
            }
            for (List<PutRecordsRequestEntry> half : List.of(entries.subList(0, 500), entries.subList(500, 1000))) {
                assertThat(kinesis.putRecords(b -> b.streamName("paced").records(half))
                                .join()
                                .failedRecordCount())
                        .isZero();
            }
            server.clock.advance(1000); // the shard's write limit refills
        }
        String consumer = kinesis.registerStreamConsumer(
                        b -> b.streamARN("arn:aws:kinesis:us-east-1:000000000000:stream/paced")
                                .consumerName("behind"))
                .join()
                .consumer()
                .consumerARN();

        BlockingQueue<SubscribeToShardEvent> events = new LinkedBlockingQueue<>();
        CompletableFuture<Void> done = kinesis.subscribeToShard(
                b -> b.consumerARN(consumer)
                        .shardId("shardId-000000000000")
                        .startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)),
                SubscribeToShardResponseHandler.builder()
                        .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                                .onSubscribeToShardEvent(events::add)
                                .build())
                        .build());

        List<Record> received = new ArrayList<>();
        // the first second's worth at once, then nothing while the clock stands still
        drain(events, received, 3000);
        long burst = bytes(received);
        assertThat(burst).isGreaterThanOrEqualTo(2L << 20).isLessThan(4L << 20);
        assertThat(received.size()).isLessThan(RECORDS);

        int seconds = 0;
        while (received.size() < RECORDS) {
            server.clock.advance(1000);
            seconds++;
            long before = bytes(received);
            drain(events, received, 1500);
            assertThat(bytes(received) - before)
                    .as("sent in second %d", seconds)
                    .isLessThanOrEqualTo(3L << 20);
            assertThat(seconds).as("seconds to catch up").isLessThanOrEqualTo(5);
        }
        // 5 MB at 2 MiB/s after a 2 MiB first second: at least one more second of the clock
        assertThat(seconds).isGreaterThanOrEqualTo(1);
        for (int i = 0; i < RECORDS; i++) {
            String id = new String(
                    received.get(i).data().asByteArray(),
                    0,
                    Integer.toString(i).length(),
                    java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(id).as("record %d in order", i).isEqualTo(Integer.toString(i));
        }
        done.cancel(true);
    }

    /**
     * Takes the events that arrive until all records are in or none has come for {@code
     * quietMillis} of wall time (longer than the pauses the server waits between tries).
     */
    private static void drain(BlockingQueue<SubscribeToShardEvent> events, List<Record> into, long quietMillis)
            throws InterruptedException {
        while (into.size() < RECORDS) {
            SubscribeToShardEvent e = events.poll(quietMillis, TimeUnit.MILLISECONDS);
            if (e == null) {
                return;
            }
            into.addAll(e.records());
        }
    }

    private static long bytes(List<Record> records) {
        return records.stream()
                .mapToLong(r -> r.data().asByteArray().length + r.partitionKey().length())
                .sum();
    }
}
