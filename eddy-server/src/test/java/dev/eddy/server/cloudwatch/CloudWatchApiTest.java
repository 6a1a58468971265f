package dev.eddy.server.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * CloudWatch through the AWS SDK for Java v2's client (smithy RPC v2 CBOR): published metrics read
 * back per period and unit, statistics, percentiles, metric math, listing with filters and pages,
 * CloudWatch's errors, durability across a restart, and Eddy's own Kinesis metrics in AWS/Kinesis
 * minute by minute on the server's clock.
 */
class CloudWatchApiTest {
    @TempDir
    Path dir;

    TestServer server;
    CloudWatchClient cw;
    Instant t0;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        cw = server.cloudWatch();
        t0 = Instant.ofEpochMilli(TestServer.T0 - TestServer.T0 % 60_000); // a whole minute
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Dimension dim(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    MetricDatum datum(String name, double value, StandardUnit unit, Instant at, Dimension... dims) {
        return MetricDatum.builder()
                .metricName(name)
                .value(value)
                .unit(unit)
                .timestamp(at)
                .dimensions(dims)
                .build();
    }

    List<Datapoint> statistics(String namespace, String name, List<Dimension> dims, int period, Statistic... stats) {
        return cw.getMetricStatistics(b -> b.namespace(namespace)
                        .metricName(name)
                        .dimensions(dims)
                        .startTime(t0.minusSeconds(600))
                        .endTime(t0.plusSeconds(600))
                        .period(period)
                        .statistics(stats))
                .datapoints();
    }

    @Test
    void publishedValuesAndStatisticSetsAggregatePerPeriodAndUnit() {
        Dimension op = dim("Operation", "Get");
        cw.putMetricData(b -> b.namespace("App")
                .metricData(
                        datum("Latency", 10, StandardUnit.MILLISECONDS, t0.plusSeconds(5), op),
                        datum("Latency", 30, StandardUnit.MILLISECONDS, t0.plusSeconds(50), op),
                        datum("Latency", 7, StandardUnit.MILLISECONDS, t0.plusSeconds(65), op),
                        MetricDatum.builder()
                                .metricName("Latency")
                                .dimensions(op)
                                .timestamp(t0.plusSeconds(70))
                                .unit(StandardUnit.MILLISECONDS)
                                .statisticValues(StatisticSet.builder()
                                        .sampleCount(2.0)
                                        .sum(6.0)
                                        .minimum(1.0)
                                        .maximum(5.0)
                                        .build())
                                .build(),
                        datum("Latency", 1, StandardUnit.SECONDS, t0.plusSeconds(10), op)));
        List<Datapoint> minutes = statistics(
                "App",
                "Latency",
                List.of(op),
                60,
                Statistic.SUM,
                Statistic.SAMPLE_COUNT,
                Statistic.MAXIMUM,
                Statistic.MINIMUM,
                Statistic.AVERAGE);
        assertThat(minutes).hasSize(3);
        Datapoint first = minutes.stream()
                .filter(d -> d.timestamp().equals(t0) && d.unit() == StandardUnit.MILLISECONDS)
                .findFirst()
                .orElseThrow();
        assertThat(first.sum()).isEqualTo(40.0);
        assertThat(first.sampleCount()).isEqualTo(2.0);
        assertThat(first.average()).isEqualTo(20.0);
        Datapoint second = minutes.stream()
                .filter(d -> d.timestamp().equals(t0.plusSeconds(60)))
                .findFirst()
                .orElseThrow();
        assertThat(second.sampleCount()).isEqualTo(3.0);
        assertThat(second.sum()).isEqualTo(13.0);
        assertThat(second.minimum()).isEqualTo(1.0);
        assertThat(second.maximum()).isEqualTo(7.0);
        assertThat(minutes)
                .filteredOn(d -> d.unit() == StandardUnit.SECONDS)
                .singleElement()
                .satisfies(d -> assertThat(d.sum()).isEqualTo(1.0));
        List<Datapoint> onlyMillis = cw.getMetricStatistics(b -> b.namespace("App")
                        .metricName("Latency")
                        .dimensions(op)
                        .startTime(t0.minusSeconds(600))
                        .endTime(t0.plusSeconds(600))
                        .period(300)
                        .unit(StandardUnit.MILLISECONDS)
                        .statistics(Statistic.SUM))
                .datapoints();
        assertThat(onlyMillis)
                .singleElement()
                .satisfies(d -> assertThat(d.sum()).isEqualTo(53.0));
        assertThat(statistics("App", "Latency", List.of(), 60, Statistic.SUM))
                .as("a metric is its exact dimension set")
                .isEmpty();
    }

    @Test
    void percentilesComeFromTheValuesThemselves() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            values.add((double) i);
        }
        cw.putMetricData(b -> b.namespace("App")
                .metricData(MetricDatum.builder()
                        .metricName("Size")
                        .timestamp(t0)
                        .values(values)
                        .unit(StandardUnit.BYTES)
                        .build()));
        Datapoint d = cw.getMetricStatistics(b -> b.namespace("App")
                        .metricName("Size")
                        .startTime(t0)
                        .endTime(t0.plusSeconds(60))
                        .period(60)
                        .extendedStatistics("p50", "p99"))
                .datapoints()
                .get(0);
        assertThat(d.extendedStatistics().get("p50")).isCloseTo(50.0, within(1.0));
        assertThat(d.extendedStatistics().get("p99")).isCloseTo(99.0, within(1.5));
    }

    @Test
    void getMetricDataComputesStatsAndMathNewestFirst() {
        for (int m = 0; m < 3; m++) {
            int minute = m;
            cw.putMetricData(b -> b.namespace("Shop")
                    .metricData(
                            datum("Orders", 10 * (minute + 1), StandardUnit.COUNT, t0.plusSeconds(60L * minute)),
                            datum("Errors", minute + 1, StandardUnit.COUNT, t0.plusSeconds(60L * minute))));
        }
        GetMetricDataResponse r = cw.getMetricData(b -> b.startTime(t0)
                .endTime(t0.plusSeconds(180))
                .metricDataQueries(
                        MetricDataQuery.builder()
                                .id("orders")
                                .metricStat(s -> s.metric(Metric.builder()
                                                .namespace("Shop")
                                                .metricName("Orders")
                                                .build())
                                        .period(60)
                                        .stat("Sum"))
                                .build(),
                        MetricDataQuery.builder()
                                .id("errors")
                                .metricStat(s -> s.metric(Metric.builder()
                                                .namespace("Shop")
                                                .metricName("Errors")
                                                .build())
                                        .period(60)
                                        .stat("Sum"))
                                .returnData(false)
                                .build(),
                        MetricDataQuery.builder()
                                .id("rate")
                                .expression("100 * errors / orders")
                                .build()));
        assertThat(r.metricDataResults()).hasSize(2);
        var orders = r.metricDataResults().get(0);
        assertThat(orders.label()).isEqualTo("Orders");
        assertThat(orders.values()).containsExactly(30.0, 20.0, 10.0);
        assertThat(orders.timestamps()).containsExactly(t0.plusSeconds(120), t0.plusSeconds(60), t0);
        var rate = r.metricDataResults().get(1);
        assertThat(rate.label()).isEqualTo("rate");
        assertThat(rate.values()).containsExactly(10.0, 10.0, 10.0);
        GetMetricDataResponse ascending = cw.getMetricData(b -> b.startTime(t0)
                .endTime(t0.plusSeconds(180))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                .maxDatapoints(2)
                .metricDataQueries(MetricDataQuery.builder()
                        .id("orders")
                        .metricStat(s -> s.metric(Metric.builder()
                                        .namespace("Shop")
                                        .metricName("Orders")
                                        .build())
                                .period(60)
                                .stat("Maximum"))
                        .build()));
        assertThat(ascending.metricDataResults().get(0).values()).containsExactly(10.0, 20.0);
        assertThat(ascending.metricDataResults().get(0).statusCodeAsString()).isEqualTo("PartialData");
        assertThat(ascending.nextToken()).isNotNull();
        CloudWatchException badId = catchThrowableOfType(
                CloudWatchException.class,
                () -> cw.getMetricData(b -> b.startTime(t0)
                        .endTime(t0.plusSeconds(60))
                        .metricDataQueries(MetricDataQuery.builder()
                                .id("Bad")
                                .expression("1")
                                .build())));
        assertThat(badId.awsErrorDetails().errorMessage())
                .isEqualTo("The value Bad for parameter MetricDataQueries.member.1.Id is not matching the expected"
                        + " pattern ^[a-z][a-zA-Z0-9_]*$.\n");
    }

    @Test
    void listMetricsFiltersAndPages() {
        for (int batch = 0; batch < 6; batch++) {
            List<MetricDatum> data = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                data.add(datum("M", 1, StandardUnit.COUNT, t0, dim("Host", "h" + (batch * 100 + i))));
            }
            cw.putMetricData(b -> b.namespace("Fleet").metricData(data));
        }
        cw.putMetricData(b -> b.namespace("Other")
                .metricData(datum("N", 1, StandardUnit.COUNT, t0, dim("Host", "h1"), dim("Zone", "a"))));
        var first = cw.listMetrics(b -> b.namespace("Fleet"));
        assertThat(first.metrics()).hasSize(500);
        assertThat(first.nextToken()).isNotNull();
        var second = cw.listMetrics(b -> b.namespace("Fleet").nextToken(first.nextToken()));
        assertThat(second.metrics()).hasSize(100);
        assertThat(second.nextToken()).isNull();
        assertThat(cw.listMetrics(b -> b.dimensions(
                                DimensionFilter.builder().name("Zone").build()))
                        .metrics())
                .singleElement()
                .satisfies(m -> assertThat(m.namespace()).isEqualTo("Other"));
        assertThat(cw.listMetrics(b -> b.dimensions(DimensionFilter.builder()
                                .name("Host")
                                .value("h1")
                                .build()))
                        .metrics())
                .hasSize(2);
    }

    @Test
    void badRequestsGetCloudWatchsErrors() {
        InvalidParameterValueException aws = catchThrowableOfType(
                InvalidParameterValueException.class,
                () -> cw.putMetricData(b -> b.namespace("AWS/Mine").metricData(datum("x", 1, StandardUnit.COUNT, t0))));
        assertThat(aws.awsErrorDetails().errorMessage())
                .isEqualTo("The value AWS/Mine for parameter Namespace is invalid.");
        InvalidParameterCombinationException both = catchThrowableOfType(
                InvalidParameterCombinationException.class,
                () -> cw.putMetricData(b -> b.namespace("App")
                        .metricData(MetricDatum.builder()
                                .metricName("x")
                                .value(1.0)
                                .statisticValues(s ->
                                        s.sampleCount(1.0).sum(1.0).minimum(1.0).maximum(1.0))
                                .build())));
        assertThat(both.awsErrorDetails().errorMessage())
                .isEqualTo("The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are"
                        + " mutually exclusive and you have specified both.");
        InvalidParameterValueException old = catchThrowableOfType(
                InvalidParameterValueException.class,
                () -> cw.putMetricData(b -> b.namespace("App")
                        .metricData(
                                datum("x", 1, StandardUnit.COUNT, t0.minusSeconds(15L * 24 * 3600)),
                                datum("x", 1, StandardUnit.COUNT, t0.minusSeconds(16L * 24 * 3600)))));
        assertThat(old.awsErrorDetails().errorMessage())
                .isEqualTo(
                        "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.\n"
                                + "The parameter MetricData.member.2.Timestamp must specify a time within the past two"
                                + " weeks.");
        InvalidParameterCombinationException many = catchThrowableOfType(
                InvalidParameterCombinationException.class,
                () -> cw.getMetricStatistics(b -> b.namespace("App")
                        .metricName("x")
                        .startTime(t0.minusSeconds(86_400))
                        .endTime(t0)
                        .period(1)
                        .statistics(Statistic.SUM)));
        assertThat(many.awsErrorDetails().errorMessage())
                .isEqualTo("You have requested up to 86400 datapoints, which exceeds the limit of 1440. You may"
                        + " reduce the datapoints requested by increasing Period, or decreasing the time range.");
        InvalidParameterValueException order = catchThrowableOfType(
                InvalidParameterValueException.class,
                () -> cw.getMetricStatistics(b -> b.namespace("App")
                        .metricName("x")
                        .startTime(t0)
                        .endTime(t0)
                        .period(60)
                        .statistics(Statistic.SUM)));
        assertThat(order.awsErrorDetails().errorMessage())
                .isEqualTo("The parameter StartTime must be less than the parameter EndTime.");
        assertThat(order.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    }

    @Test
    void publishedMetricsSurviveARestart() {
        cw.putMetricData(b -> b.namespace("App").metricData(datum("Kept", 42, StandardUnit.COUNT, t0)));
        server.restart();
        cw = server.cloudWatch();
        assertThat(statistics("App", "Kept", List.of(), 60, Statistic.SUM))
                .singleElement()
                .satisfies(d -> assertThat(d.sum()).isEqualTo(42.0));
    }

    @Test
    void kinesisIncomingRecordsAndBytesPerMinuteEqualWhatWasPut() {
        server.clock.set(t0.plusSeconds(10).toEpochMilli());
        KinesisClient kinesis = server.sync();
        kinesis.createStream(b -> b.streamName("orders").shardCount(2));
        long bytesFirst = 0;
        for (int i = 0; i < 3; i++) {
            String data = "record-" + i;
            kinesis.putRecord(b -> b.streamName("orders").partitionKey("pk").data(SdkBytes.fromUtf8String(data)));
            bytesFirst += data.length() + "pk".length();
        }
        server.clock.set(t0.plusSeconds(70).toEpochMilli());
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        long bytesSecond = 0;
        for (int i = 0; i < 5; i++) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("key-" + i)
                    .data(SdkBytes.fromUtf8String("batch-" + i))
                    .build());
            bytesSecond += ("batch-" + i).length() + ("key-" + i).length();
        }
        kinesis.putRecords(b -> b.streamName("orders").records(entries));
        List<Dimension> stream = List.of(dim("StreamName", "orders"));
        assertThat(sums("AWS/Kinesis", "IncomingRecords", stream)).containsExactly(3.0, 5.0);
        assertThat(sums("AWS/Kinesis", "IncomingBytes", stream))
                .containsExactly((double) bytesFirst, (double) bytesSecond);
        // the past minute is logged by housekeeping; the figures stay the same, and survive a restart
        server.clock.set(t0.plusSeconds(130).toEpochMilli());
        server.housekeeping();
        assertThat(sums("AWS/Kinesis", "IncomingRecords", stream)).containsExactly(3.0, 5.0);
        server.restart();
        cw = server.cloudWatch();
        assertThat(sums("AWS/Kinesis", "IncomingRecords", stream)).containsExactly(3.0, 5.0);
        assertThat(sums("AWS/Kinesis", "IncomingBytes", stream))
                .containsExactly((double) bytesFirst, (double) bytesSecond);
        assertThat(cw.listMetrics(b -> b.namespace("AWS/Kinesis")).metrics())
                .extracting(Metric::metricName)
                .contains("IncomingRecords", "IncomingBytes", "PutRecord.Success", "PutRecords.Records");
    }

    List<Double> sums(String namespace, String name, List<Dimension> dims) {
        return statistics(namespace, name, dims, 60, Statistic.SUM).stream()
                .sorted(java.util.Comparator.comparing(Datapoint::timestamp))
                .map(Datapoint::sum)
                .toList();
    }
}
