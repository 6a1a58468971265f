package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * boto3 (this machine's python3) against Eddy's DynamoDB and CloudWatch APIs: the scenarios are the
 * Python scripts beside this class, which assert as they go and print a PASS line per part.
 * CloudWatch runs twice: in JSON 1.0 (botocore's choice) and in awsQuery (botocore given a copy of
 * the model that offers only it, as older clients speak).
 */
class Boto3TablesAndMetricsTest {
    static CompatServer eddy;

    @BeforeAll
    static void start() {
        assumeTrue(
                CompatServer.available("python3", "-c", "import boto3"),
                "SKIPPED: python3 with boto3 is not installed on this machine");
        eddy = new CompatServer();
    }

    @AfterAll
    static void stop() {
        if (eddy != null) {
            eddy.close();
        }
    }

    static Path script(String name) throws IOException {
        try (InputStream in = Boto3TablesAndMetricsTest.class.getResourceAsStream(name)) {
            return Files.write(eddy.dir().resolve(name), in.readAllBytes());
        }
    }

    @Test
    void boto3DrivesTheTables() throws Exception {
        CompatServer.Run r = CompatServer.run(
                null, List.of("python3", script("boto3_dynamodb.py").toString(), eddy.endpoint()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("PASS create and wait")
                .contains("PASS batch writer")
                .contains("PASS query")
                .contains("PASS scan paginator")
                .contains("PASS update and condition")
                .contains("PASS transactions and batch get")
                .contains("PASS errors")
                .contains("PASS delete");
    }

    @Test
    void boto3PublishesAndReadsMetricsInJson() throws Exception {
        CompatServer.Run r = CompatServer.run(
                null, List.of("python3", script("boto3_cloudwatch.py").toString(), eddy.endpoint(), "json"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("protocol json").contains("PASS errors");
    }

    @Test
    void boto3PublishesAndReadsMetricsInAwsQuery() throws Exception {
        CompatServer.Run r = CompatServer.run(
                null, List.of("python3", script("boto3_cloudwatch.py").toString(), eddy.endpoint(), "query"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("protocol query")
                .contains("PASS get_metric_statistics")
                .contains("PASS list_metrics")
                .contains("PASS get_metric_data")
                .contains("PASS errors");
    }
}
