package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eddy.engine.ShardSubscription;
import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * SubscribeToShard over HTTP/1.1 chunked: boto3 (this machine's python3) reading the events,
 * and a subscriber that stops reading, which must not make the server buffer without bound.
 */
class SubscribeOverHttp11Test {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, "--limits", "off", "--subscription-lifetime-s", "60");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static boolean boto3Available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import boto3")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void boto3SubscribesOverHttp11AndReadsTheEvents() throws Exception {
        assumeTrue(boto3Available(), "SKIPPED: python3 with boto3 is not installed on this machine");
        Path script = dir.resolve("subscribe.py");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "import boto3, sys, threading, time",
                        "k = boto3.client('kinesis', endpoint_url=sys.argv[1], region_name='us-east-1',",
                        "                 aws_access_key_id='x', aws_secret_access_key='x')",
                        "k.create_stream(StreamName='boto', ShardCount=1)",
                        "arn = k.describe_stream_summary(StreamName='boto')['StreamDescriptionSummary']['StreamARN']",
                        "k.put_record(StreamName='boto', PartitionKey='a', Data=b'before')",
                        "c = k.register_stream_consumer(StreamARN=arn, ConsumerName='py')['Consumer']",
                        "def later():",
                        "    time.sleep(0.5)",
                        "    k.put_record(StreamName='boto', PartitionKey='a', Data=b'after')",
                        "threading.Thread(target=later).start()",
                        "r = k.subscribe_to_shard(ConsumerARN=c['ConsumerARN'], ShardId='shardId-000000000000',",
                        "                         StartingPosition={'Type': 'TRIM_HORIZON'})",
                        "seen = []",
                        "for ev in r['EventStream']:",
                        "    e = ev['SubscribeToShardEvent']",
                        "    seen += [x['Data'].decode() for x in e['Records']]",
                        "    print('event', len(e['Records']), e['ContinuationSequenceNumber'], e['MillisBehindLatest'], flush=True)",
                        "    if len(seen) >= 2:",
                        "        break",
                        "print('records', ','.join(seen), flush=True)",
                        ""));
        Process p = new ProcessBuilder(
                        "python3", script.toString(), server.endpoint().toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("records before,after").contains("event 1 ");
    }

    /** Makes a one-shard stream and a consumer of it; the JSON of a SubscribeToShard to its shard. */
    private static String subscribeBody(KinesisClient kinesis, String stream, String position) {
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        String consumer = kinesis.registerStreamConsumer(
                        b -> b.streamARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream)
                                .consumerName(stream + "-reader"))
                .consumer()
                .consumerARN();
        return "{\"ConsumerARN\":\"" + consumer + "\",\"ShardId\":\"shardId-000000000000\","
                + "\"StartingPosition\":{\"Type\":\"" + position + "\"}}";
    }

    @Test
    void aStalledSubscriberNeverMakesTheServerBufferWithoutBound() throws Exception {
        KinesisClient kinesis = server.sync();
        String body = subscribeBody(kinesis, "stall", "TRIM_HORIZON");
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(16 << 10);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = stalled.getOutputStream();
            out.write(RawHttp.request(
                    "POST",
                    "Kinesis_20131202.SubscribeToShard",
                    "application/x-amz-json-1.1",
                    body.getBytes(StandardCharsets.UTF_8)));
            out.flush(); // and never read a byte

            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(PutRecordsRequestEntry.builder()
                        .partitionKey("k")
                        .data(SdkBytes.fromByteArray(new byte[2048]))
                        .build());
            }
            int failed = 0;
            for (int i = 0; i < 60; i++) {
                failed += kinesis.putRecords(b -> b.streamName("stall").records(batch))
                        .failedRecordCount();
            }
            assertThat(failed)
                    .as("producers are not held back by the stalled subscriber")
                    .isZero();
            List<ShardSubscription> subs = server.server().engine().fanOut().subscriptions();
            assertThat(subs).hasSize(1);
            long fedRecords = subs.get(0).position();
            assertThat(fedRecords * 2048)
                    .as("records read for the stalled subscriber stay near what the socket buffers hold, not 60 MiB")
                    .isLessThan(16L << 20);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.server().engine().fanOut().subscriptions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.server().engine().fanOut().subscriptions())
                .as("closing the connection ends the subscription")
                .isEmpty();
    }

    /** A browser's page may subscribe too: the event stream's answer carries the CORS headers. */
    @Test
    void aSubscriptionFromABrowsersPageCarriesCorsHeaders() throws Exception {
        String body = subscribeBody(server.sync(), "cors", "LATEST");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream()
                    .write(RawHttp.request(
                            "POST",
                            "Kinesis_20131202.SubscribeToShard",
                            "application/x-amz-json-1.1",
                            body.getBytes(StandardCharsets.UTF_8),
                            "Origin: https://console.example"));
            java.io.InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                assertThat(c).as("the answer's head, so far: %s", head).isNotNegative();
                head.append((char) c);
            }
            String h = head.toString().toLowerCase(java.util.Locale.ROOT);
            assertThat(h).startsWith("http/1.1 200").contains("content-type: application/vnd.amazon.eventstream");
            assertThat(h).contains("access-control-allow-origin: *");
            assertThat(h).contains("access-control-expose-headers: x-amzn-requestid");
        }
    }
}
