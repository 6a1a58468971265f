package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The machine's AWS CLI (v1: HTTP/1.1, JSON 1.1) through a stream's life. */
class AwsCliCompatTest {
    static CompatServer eddy;

    @BeforeAll
    static void start() {
        assumeTrue(
                CompatServer.available("aws", "--version"),
                "SKIPPED: the AWS CLI ('aws') is not installed on this machine");
        eddy = new CompatServer();
    }

    @AfterAll
    static void stop() {
        if (eddy != null) {
            eddy.close();
        }
    }

    CompatServer.Run aws(String... args) throws Exception {
        return cli("kinesis", args);
    }

    CompatServer.Run cli(String service, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("aws", "--endpoint-url", eddy.endpoint(), "--output", "json", service));
        command.addAll(List.of(args));
        CompatServer.Run r = CompatServer.run(null, command);
        assertThat(r.exit())
                .as("aws %s\n%s", String.join(" ", args), r.output())
                .isZero();
        return r;
    }

    @Test
    void theCliManagesAStreamAndItsRecords() throws Exception {
        aws("create-stream", "--stream-name", "cli", "--shard-count", "2");
        assertThat(aws("describe-stream-summary", "--stream-name", "cli").output())
                .contains("\"StreamStatus\": \"ACTIVE\"")
                .contains("\"OpenShardCount\": 2")
                .contains("arn:aws:kinesis:us-east-1:000000000000:stream/cli");
        String put = aws("put-record", "--stream-name", "cli", "--partition-key", "a", "--data", "hello")
                .output();
        assertThat(put).contains("\"ShardId\": \"shardId-000000000000\"").contains("\"SequenceNumber\"");
        assertThat(aws("list-shards", "--stream-name", "cli").output())
                .contains("shardId-000000000000")
                .contains("shardId-000000000001")
                .contains("\"EndingHashKey\": \"340282366920938463463374607431768211455\"");
        String iterator = aws(
                        "get-shard-iterator",
                        "--stream-name",
                        "cli",
                        "--shard-id",
                        "shardId-000000000000",
                        "--shard-iterator-type",
                        "TRIM_HORIZON",
                        "--query",
                        "ShardIterator",
                        "--output",
                        "text")
                .output()
                .trim();
        String records = aws("get-records", "--shard-iterator", iterator).output();
        // the CLI v1 base64-encodes a blob argument's text; the record comes back as base64 of "hello"
        assertThat(records).contains("\"Data\": \"aGVsbG8=\"").contains("\"PartitionKey\": \"a\"");
        aws("delete-stream", "--stream-name", "cli");
        assertThat(aws("list-streams").output()).doesNotContain("\"cli\"");
    }

    @Test
    void theCliManagesTablesAndItems() throws Exception {
        cli(
                "dynamodb",
                "create-table",
                "--table-name",
                "cli-table",
                "--attribute-definitions",
                "AttributeName=id,AttributeType=S",
                "--key-schema",
                "AttributeName=id,KeyType=HASH",
                "--billing-mode",
                "PAY_PER_REQUEST");
        cli("dynamodb", "wait", "table-exists", "--table-name", "cli-table");
        cli(
                "dynamodb",
                "put-item",
                "--table-name",
                "cli-table",
                "--item",
                "{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}");
        cli(
                "dynamodb",
                "update-item",
                "--table-name",
                "cli-table",
                "--key",
                "{\"id\":{\"S\":\"a\"}}",
                "--update-expression",
                "SET n = n + :one",
                "--expression-attribute-values",
                "{\":one\":{\"N\":\"41\"}}");
        assertThat(cli("dynamodb", "get-item", "--table-name", "cli-table", "--key", "{\"id\":{\"S\":\"a\"}}")
                        .output())
                .contains("\"N\": \"42\"");
        assertThat(cli("dynamodb", "scan", "--table-name", "cli-table", "--select", "COUNT")
                        .output())
                .contains("\"Count\": 1");
        CompatServer.Run failed = CompatServer.run(
                null,
                List.of(
                        "aws",
                        "--endpoint-url",
                        eddy.endpoint(),
                        "dynamodb",
                        "put-item",
                        "--table-name",
                        "cli-table",
                        "--item",
                        "{\"id\":{\"S\":\"a\"}}",
                        "--condition-expression",
                        "attribute_not_exists(id)"));
        assertThat(failed.exit()).isNotZero();
        assertThat(failed.output())
                .contains("ConditionalCheckFailedException")
                .contains("The conditional request failed");
        cli("dynamodb", "delete-table", "--table-name", "cli-table");
    }

    @Test
    void theCliReadsKinesisMetricsPerMinuteAsOnAws() throws Exception {
        aws("create-stream", "--stream-name", "orders", "--shard-count", "1");
        for (int i = 0; i < 4; i++) {
            aws("put-record", "--stream-name", "orders", "--partition-key", "k", "--data", "aGVsbG8=");
        }
        java.time.Instant now = java.time.Instant.now();
        String out = cli(
                        "cloudwatch",
                        "get-metric-statistics",
                        "--namespace",
                        "AWS/Kinesis",
                        "--metric-name",
                        "IncomingRecords",
                        "--dimensions",
                        "Name=StreamName,Value=orders",
                        "--start-time",
                        now.minusSeconds(600).toString(),
                        "--end-time",
                        now.plusSeconds(60).toString(),
                        "--period",
                        "60",
                        "--statistics",
                        "Sum")
                .output();
        // four records, in one minute or split over two if the puts crossed a minute's end
        double sum = 0;
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"Sum\": ([0-9.]+)").matcher(out);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        assertThat(sum).as(out).isEqualTo(4.0);
        cli("cloudwatch", "put-metric-data", "--namespace", "Cli", "--metric-name", "Hits", "--value", "3");
        assertThat(cli("cloudwatch", "list-metrics", "--namespace", "Cli").output())
                .contains("\"MetricName\": \"Hits\"");
    }

    @Test
    void theCliShowsTheServicesErrors() throws Exception {
        CompatServer.Run r = CompatServer.run(
                null,
                List.of(
                        "aws",
                        "--endpoint-url",
                        eddy.endpoint(),
                        "kinesis",
                        "describe-stream-summary",
                        "--stream-name",
                        "missing"));
        assertThat(r.exit()).isNotZero();
        assertThat(r.output())
                .contains("ResourceNotFoundException")
                .contains("Stream missing under account 000000000000 not found.");
    }
}
