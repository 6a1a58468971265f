package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** boto3 (this machine's python3): put and get, resharding, and subscribe_to_shard over HTTP/1.1. */
class Boto3CompatTest {
    static CompatServer eddy;

    @BeforeAll
    static void start() {
        assumeTrue(
                CompatServer.available("python3", "-c", "import boto3"),
                "SKIPPED: python3 with boto3 is not installed on this machine");
        eddy = new CompatServer("--subscription-lifetime-s", "30");
    }

    @AfterAll
    static void stop() {
        if (eddy != null) {
            eddy.close();
        }
    }

    @Test
    void boto3PutsGetsReshardsAndSubscribes() throws Exception {
        Path script = Files.writeString(
                eddy.dir().resolve("scenario.py"),
                String.join(
                        "\n",
                        "import boto3, sys, threading, time",
                        "k = boto3.client('kinesis', endpoint_url=sys.argv[1], region_name='us-east-1')",
                        "k.create_stream(StreamName='py', ShardCount=1)",
                        "k.get_waiter('stream_exists').wait(StreamName='py')",
                        "seqs = [k.put_record(StreamName='py', PartitionKey='k', Data=('r%d' % i).encode())['SequenceNumber'] for i in range(3)]",
                        "batch = k.put_records(StreamName='py', Records=[{'PartitionKey': 'p%d' % i, 'Data': b'b'} for i in range(10)])",
                        "print('put_records failed', batch['FailedRecordCount'])",
                        "it = k.get_shard_iterator(StreamName='py', ShardId='shardId-000000000000', ShardIteratorType='TRIM_HORIZON')['ShardIterator']",
                        "got = k.get_records(ShardIterator=it)",
                        "print('read', len(got['Records']), got['Records'][0]['Data'].decode(), got['Records'][0]['SequenceNumber'] == seqs[0])",
                        "k.split_shard(StreamName='py', ShardToSplit='shardId-000000000000', NewStartingHashKey=str(2**127))",
                        "shards = k.list_shards(StreamName='py')['Shards']",
                        "print('shards', ','.join(s['ShardId'] + ':' + s.get('ParentShardId', '-') for s in shards))",
                        "end = k.get_records(ShardIterator=got['NextShardIterator'])",
                        "print('end', end.get('NextShardIterator'), ','.join(c['ShardId'] for c in end['ChildShards']))",
                        "arn = k.describe_stream_summary(StreamName='py')['StreamDescriptionSummary']['StreamARN']",
                        "c = k.register_stream_consumer(StreamARN=arn, ConsumerName='py-app')['Consumer']",
                        "def later():",
                        "    time.sleep(0.5)",
                        "    k.put_record(StreamName='py', PartitionKey='x', ExplicitHashKey='1', Data=b'pushed')",
                        "threading.Thread(target=later).start()",
                        "r = k.subscribe_to_shard(ConsumerARN=c['ConsumerARN'], ShardId='shardId-000000000001', StartingPosition={'Type': 'LATEST'})",
                        "for ev in r['EventStream']:",
                        "    recs = ev['SubscribeToShardEvent']['Records']",
                        "    if recs:",
                        "        print('pushed', recs[0]['Data'].decode())",
                        "        break",
                        "k.delete_stream(StreamName='py', EnforceConsumerDeletion=True)",
                        "print('done')",
                        ""));
        CompatServer.Run r = CompatServer.run(null, List.of("python3", script.toString(), eddy.endpoint()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("put_records failed 0")
                .contains("read 13 r0 True")
                .contains(
                        "shards shardId-000000000000:-,shardId-000000000001:shardId-000000000000,shardId-000000000002:shardId-000000000000")
                .contains("end None shardId-000000000001,shardId-000000000002")
                .contains("pushed pushed")
                .contains("done");
    }
}
