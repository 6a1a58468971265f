package dev.eddy.compat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.KinesisClientUtil;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A KCL 3.x application against Eddy, as a user would write it: leases in Eddy's DynamoDB API,
 * metrics at KCL's default level published to Eddy's CloudWatch API (flushed every second here), a processor that records every (de-aggregated) user record it sees and
 * checkpoints after each batch, at a shard's end and on shutdown. Intervals are shortened so a
 * test does not wait minutes.
 */
final class KclApp implements AutoCloseable {
    /** A user record as the processor saw it. */
    record Seen(String shardId, String data, String sequenceNumber, long subSequence) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** The worker's identifier, as it appears as {@code leaseOwner} in the lease table. */
    final String workerId = "worker-" + UUID.randomUUID();

    private final KinesisAsyncClient kinesis;
    private final CloudWatchAsyncClient cloudWatch;
    private final Scheduler scheduler;
    private final Thread thread;

    KclApp(String endpoint, DynamoDbAsyncClient dynamo, String stream, String application, boolean fanOut) {
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDKCL", "secret"));
        kinesis = KinesisClientUtil.createKinesisAsyncClient(KinesisAsyncClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials));
        cloudWatch = CloudWatchAsyncClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        // KCL 3 takes the initial position from the stream tracker (LATEST unless told otherwise)
        ConfigsBuilder configs = new ConfigsBuilder(
                new SingleStreamTracker(
                        stream,
                        InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
                application,
                kinesis,
                dynamo,
                cloudWatch,
                workerId,
                () -> new Processor());
        scheduler = new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig()
                        .parentShardPollIntervalMillis(500)
                        .shardConsumerDispatchPollIntervalMillis(100),
                configs.leaseManagementConfig()
                        .failoverTimeMillis(3_000)
                        .shardSyncIntervalMillis(2_000)
                        .listShardsBackoffTimeInMillis(200),
                configs.lifecycleConfig().taskBackoffTimeMillis(200),
                configs.metricsConfig().metricsBufferTimeMillis(1_000),
                configs.processorConfig(),
                configs.retrievalConfig()
                        .retrievalSpecificConfig(
                                fanOut
                                        ? new FanOutConfig(kinesis)
                                                .streamName(stream)
                                                .applicationName(application)
                                        : new PollingConfig(stream, kinesis).idleTimeBetweenReadsInMillis(250)));
        thread = new Thread(scheduler, "kcl-" + application);
        thread.setDaemon(true);
    }

    KclApp start() {
        thread.start();
        return this;
    }

    /** Waits until the processor has seen every one of {@code data}, or fails. */
    void awaitAll(java.util.Collection<String> data, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            java.util.Set<String> got = new java.util.HashSet<>();
            seen.forEach(s -> got.add(s.data()));
            if (got.containsAll(data)) {
                return;
            }
            Thread.sleep(100);
        }
        java.util.Set<String> missing = new java.util.TreeSet<>(data);
        seen.forEach(s -> missing.remove(s.data()));
        throw new AssertionError("KCL did not process " + missing.size() + " record(s) within " + seconds + " s, e.g. "
                + missing.stream().limit(5).toList());
    }

    /** Stops the worker gracefully: every processor checkpoints in shutdownRequested. */
    void stop() throws Exception {
        scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS);
        thread.join(30_000);
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            scheduler.shutdown();
        }
        kinesis.close();
        cloudWatch.close();
    }

    private final class Processor implements ShardRecordProcessor {
        private String shardId;

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            for (KinesisClientRecord r : input.records()) {
                seen.add(new Seen(
                        shardId,
                        StandardCharsets.UTF_8.decode(r.data()).toString(),
                        r.sequenceNumber(),
                        r.subSequenceNumber()));
            }
            checkpoint(() -> input.checkpointer().checkpoint());
        }

        @Override
        public void leaseLost(LeaseLostInput input) {}

        @Override
        public void shardEnded(ShardEndedInput input) {
            checkpoint(() -> input.checkpointer().checkpoint());
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            checkpoint(() -> input.checkpointer().checkpoint());
        }
    }

    @FunctionalInterface
    private interface Checkpoint {
        void run() throws Exception;
    }

    private static void checkpoint(Checkpoint c) {
        try {
            c.run();
        } catch (Exception e) {
            throw new IllegalStateException("checkpoint failed", e);
        }
    }
}
