package dev.eddy.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report: a table per API with the servers that ran it, medians of the good runs, ratios to Eddy. */
class BenchReportTest {
    private static Map<String, Object> row(String json) {
        return BenchReport.FlatJson.parse(json);
    }

    @Test
    void eachApiHasItsOwnTableWithTheServersThatRanIt() {
        BenchReport.Results r = new BenchReport.Results(List.of(
                row("{\"scenario\":\"put1\",\"run\":1,\"target\":\"eddy\",\"p50Ms\":0.3,\"p99Ms\":0.5}"),
                row("{\"scenario\":\"put1\",\"run\":1,\"target\":\"kinesalite\",\"p50Ms\":0.6,\"p99Ms\":1.0}"),
                row("{\"scenario\":\"ddb-update64\",\"run\":1,\"target\":\"eddy\",\"requestsPerSecond\":30000}"),
                row("{\"scenario\":\"ddb-update64\",\"run\":2,\"target\":\"eddy\",\"requestsPerSecond\":20000}"),
                row("{\"scenario\":\"ddb-update64\",\"run\":3,\"target\":\"eddy\",\"requestsPerSecond\":40000,"
                        + "\"verified\":false}"),
                row("{\"scenario\":\"ddb-update64\",\"run\":1,\"target\":\"dynalite\",\"requestsPerSecond\":2500}")));

        assertThat(r.groups()).containsExactly("Kinesis Data Streams", "DynamoDB");
        assertThat(r.targets("Kinesis Data Streams")).containsExactly("eddy", "kinesalite");
        assertThat(r.targets("DynamoDB")).containsExactly("eddy", "dynalite");
        // the unverified run is left out: the median of 30,000 and 20,000
        assertThat(r.median("ddb-update64", "eddy", "requestsPerSecond")).isEqualTo(25000);

        String md = BenchReport.markdown(r, "chart.png", "fsync", "java 25");
        String dynamo = md.substring(md.indexOf("## DynamoDB"));
        assertThat(dynamo).contains("| Scenario | Figure | Target | Eddy | dynalite | Eddy vs dynalite |");
        assertThat(dynamo).doesNotContain("kinesalite |");
        assertThat(dynamo)
                .contains("| Conditional UpdateItem (a lease renewal), 64 connections | requests/s | ≥ 30,000 |"
                        + " 25,000 (2 of 3) | 2,500 (1) | 10× |");
        assertThat(md.substring(md.indexOf("## Kinesis Data Streams"), md.indexOf("## DynamoDB")))
                .contains("| PutRecord, 100 B, 1 connection | p50 ms | ≤ 0.5 | 0.30 (1) | 0.60 (1) | 2.0× |")
                .doesNotContain("dynalite");
        assertThat(md).contains("accepted records missing on read-back");
        assertThat(BenchReport.chart(r).getWidth()).isPositive();
    }
}
