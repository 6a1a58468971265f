package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK for JavaScript v3 ({@code @aws-sdk/client-kinesis}, installed from npm by the build
 * into target/js), run with the machine's node: put and get over HTTP/1.1 and over HTTP/2
 * (NodeHttp2Handler), and SubscribeToShard.
 */
class JsV3CompatTest {
    static CompatServer eddy;
    static Path js;

    @BeforeAll
    static void start() {
        js = Path.of(System.getProperty("eddy.js.dir", "target/js"));
        if (!Files.isDirectory(js.resolve("node_modules/@aws-sdk/client-kinesis"))) {
            throw new AssertionError("the AWS SDK for JavaScript v3 is not installed in " + js
                    + "; the build installs it with npm during generate-test-resources");
        }
        eddy = new CompatServer("--subscription-lifetime-s", "30");
    }

    @AfterAll
    static void stop() {
        if (eddy != null) {
            eddy.close();
        }
    }

    @Test
    void jsV3PutsAndGetsOverHttp11AndHttp2AndSubscribes() throws Exception {
        Path script = Files.writeString(
                js.resolve("scenario.mjs"),
                String.join(
                        "\n",
                        "import { KinesisClient, CreateStreamCommand, PutRecordCommand, GetShardIteratorCommand, GetRecordsCommand,",
                        "  DescribeStreamSummaryCommand, RegisterStreamConsumerCommand, SubscribeToShardCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';",
                        "import { NodeHttp2Handler } from '@smithy/node-http-handler';",
                        "const endpoint = process.argv[2];",
                        "const credentials = { accessKeyId: 'AKIDJS', secretAccessKey: 'secret' };",
                        "const h1 = new KinesisClient({ endpoint, region: 'us-east-1', credentials });",
                        "const h2 = new KinesisClient({ endpoint, region: 'us-east-1', credentials,",
                        "  requestHandler: new NodeHttp2Handler({ disableConcurrentStreams: false }) });",
                        "for (const [name, client] of [['h1', h1], ['h2', h2]]) {",
                        "  const stream = 'js-' + name;",
                        "  await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));",
                        "  const put = await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', Data: Buffer.from('hello ' + name) }));",
                        "  const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: put.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));",
                        "  const got = await client.send(new GetRecordsCommand({ ShardIterator }));",
                        "  const r = got.Records[0];",
                        "  console.log(name, Buffer.from(r.Data).toString(), r.SequenceNumber === put.SequenceNumber, r.ApproximateArrivalTimestamp instanceof Date,",
                        "    Math.abs(r.ApproximateArrivalTimestamp.getTime() - Date.now()) < 60000);",
                        "  const shards = await client.send(new ListShardsCommand({ StreamName: stream }));",
                        "  console.log(name + '-shards', shards.Shards.length);",
                        "}",
                        "const arn = (await h2.send(new DescribeStreamSummaryCommand({ StreamName: 'js-h2' }))).StreamDescriptionSummary.StreamARN;",
                        "const { Consumer } = await h2.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'js' }));",
                        "const sub = await h2.send(new SubscribeToShardCommand({ ConsumerARN: Consumer.ConsumerARN, ShardId: 'shardId-000000000000',",
                        "  StartingPosition: { Type: 'TRIM_HORIZON' } }));",
                        "setTimeout(() => h2.send(new PutRecordCommand({ StreamName: 'js-h2', PartitionKey: 'k', Data: Buffer.from('pushed') })), 300);",
                        "const seen = [];",
                        "for await (const event of sub.EventStream) {",
                        "  if (event.SubscribeToShardEvent) {",
                        "    for (const r of event.SubscribeToShardEvent.Records) seen.push(Buffer.from(r.Data).toString());",
                        "    if (seen.length >= 2) break;",
                        "  }",
                        "}",
                        "console.log('subscribed', seen.join(','));",
                        "h1.destroy(); h2.destroy();",
                        "process.exit(0);",
                        ""));
        CompatServer.Run r = CompatServer.run(js, List.of("node", script.toString(), eddy.endpoint()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("h1 hello h1 true true true")
                .contains("h2 hello h2 true true true")
                .contains("h1-shards 1")
                .contains("subscribed hello h2,pushed");
    }
}
