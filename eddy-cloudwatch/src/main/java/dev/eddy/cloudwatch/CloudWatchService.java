package dev.eddy.cloudwatch;

import dev.eddy.cloudwatch.handlers.GetMetricDataHandler;
import dev.eddy.cloudwatch.handlers.GetMetricStatisticsHandler;
import dev.eddy.cloudwatch.handlers.ListMetricsHandler;
import dev.eddy.cloudwatch.handlers.PutMetricDataHandler;
import dev.eddy.cloudwatch.handlers.Queries;
import dev.eddy.cloudwatch.metric.MetricKey;
import dev.eddy.cloudwatch.metric.MetricStore;
import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.model.Operation;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.validation.Validator;
import dev.eddy.service.ErrorStyle;
import dev.eddy.service.Handler;
import dev.eddy.service.MetricSample;
import dev.eddy.service.Service;
import dev.eddy.storage.LogStore;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's metrics API for one account, in all three of its protocols (smithy RPC v2 CBOR for
 * current SDKs, KCL and KPL; JSON 1.0 for boto3 and the CLI; awsQuery for older SDKs): PutMetricData,
 * GetMetricStatistics, GetMetricData and ListMetrics, over the metrics clients publish and Eddy's
 * own AWS/Kinesis metrics. Published metrics are durable in the account's node log ({@value
 * #LOG_NAME}) and kept 15 days at one-minute resolution (3 hours at one second). The API's alarms,
 * dashboards, anomaly detectors and the rest answer that Eddy does not offer them.
 */
public final class CloudWatchService implements Service {
    /** The node log's shard holding this account's published metrics. */
    public static final String LOG_NAME = "@cloudwatch";

    private static final ServiceModel MODEL =
            ServiceModel.lazy(CloudWatchService.class, "/dev/eddy/cloudwatch/cloudwatch-2010-08-01.service.json");
    private static final String NAMESPACE = "com.amazonaws.cloudwatch.v2010_08_01";

    private final Clock clock;
    private final Metrics metrics;
    private final KinesisFeed feed = new KinesisFeed();
    private final Map<String, Handler> served;
    private volatile Map<String, Handler> handlers; // with the model's other operations, once asked for
    private long lastExpiry = Long.MIN_VALUE;

    public CloudWatchService(LogStore log, Path dir, Clock clock, String accountId) {
        this.clock = clock;
        ShardLog changes = log.shard(LOG_NAME)
                .orElseGet(() -> log.createShard(new ShardSpec(LOG_NAME, MetricStore.MINUTE_RETENTION_MILLIS * 2)));
        this.metrics = new Metrics(
                changes,
                dir,
                () -> MODEL.operation("PutMetricData").orElseThrow().input());
        Queries queries = new Queries(metrics.store(), feed::pending, feed::pendingMetrics, feed::reading);
        Map<String, Handler> h = new HashMap<>();
        h.put("PutMetricData", new PutMetricDataHandler(clock, metrics::put));
        h.put("GetMetricStatistics", new GetMetricStatisticsHandler(clock, queries));
        h.put("GetMetricData", new GetMetricDataHandler(clock, queries));
        h.put("ListMetrics", new ListMetricsHandler(clock, queries, accountId));
        this.served = Map.copyOf(h);
    }

    /** Eddy's own Kinesis metrics enter here (the engine's metric sink). */
    public void observeKinesis(String stream, String shardId, String metric, double value, long timeMillis) {
        feed.observe(stream, shardId, metric, value, timeMillis);
    }

    @Override
    public ServiceModel model() {
        return MODEL;
    }

    @Override
    public String policyPrefix() {
        return "cloudwatch";
    }

    @Override
    public Map<String, Handler> handlers() {
        Map<String, Handler> all = handlers;
        if (all == null) {
            // the model's operations are parsed when first needed; the rest answer they are not served
            Map<String, Handler> h = new HashMap<>(served);
            for (String op : MODEL.operations().keySet()) {
                h.putIfAbsent(op, in -> {
                    throw CloudWatchException.invalidValue(op + " is not supported by Eddy's CloudWatch API.");
                });
            }
            handlers = all = Map.copyOf(h);
        }
        return all;
    }

    @Override
    public ErrorStyle errors() {
        return new ErrorStyle() {
            @Override
            public String type(String code) {
                if (code.equals("ValidationException")) {
                    return "com.amazon.coral.validate#ValidationException";
                }
                if (FRONT_DOOR.contains(code)) {
                    return "com.amazon.coral.service#" + code;
                }
                return NAMESPACE + "#" + code;
            }

            @Override
            public String queryCode(String code) {
                return code.equals("ValidationException") ? "ValidationError" : code;
            }
        };
    }

    /** CloudWatch checks its parameters in its own words first (MissingParameter, the unit set...). */
    @Override
    public void validate(Operation operation, Map<String, Object> input) {
        if (operation.input() != null) {
            // a list holding a null, or an element missing a required member (which no SDK sends),
            // is refused before the own checks look into it
            List<String> nulls = Validator.violations(operation.input(), input).stream()
                    .filter(v -> v.startsWith("Value null at '")
                            && v.substring(0, v.indexOf("' failed")).contains(".member"))
                    .toList();
            if (!nulls.isEmpty()) {
                throw new ProtocolException(ProtocolException.Type.VALIDATION, Validator.message(nulls));
            }
        }
        switch (operation.name()) {
            case "PutMetricData":
                PutMetricDataHandler.check(input, clock.millis());
                break;
            case "GetMetricStatistics":
                GetMetricStatisticsHandler.check(input);
                break;
            default:
        }
        if (operation.input() != null) {
            Validator.validate(operation.input(), input);
        }
    }

    /** Flushes Eddy's past minutes of Kinesis metrics into the log; forgets data past retention. */
    @Override
    public void housekeeping() {
        long now = clock.millis();
        feed.flush(metrics, now, false);
        if (now - lastExpiry >= 60_000) {
            lastExpiry = now;
            metrics.expire(now);
        }
    }

    /** Published metrics' latest minutes as Prometheus gauges, one series per statistic. */
    @Override
    public List<MetricSample> prometheus() {
        long now = clock.millis();
        List<MetricSample> out = new java.util.ArrayList<>();
        for (Map.Entry<MetricKey, Long> e :
                metrics.store().metrics(now - 3600_000L).entrySet()) {
            MetricKey k = e.getKey();
            long minute = Math.floorDiv(e.getValue(), 60_000L) * 60_000L;
            for (MetricStore.Point p : metrics.store().query(k, null, minute, minute + 60_000L, 60)) {
                for (String stat : List.of("SampleCount", "Sum", "Minimum", "Maximum")) {
                    Map<String, String> labels = new java.util.LinkedHashMap<>();
                    labels.put("namespace", k.namespace());
                    labels.put("metric", k.name());
                    labels.put("unit", p.unit());
                    k.dimensions().forEach((n, v) -> labels.put("dim_" + label(n), v));
                    labels.put("statistic", stat);
                    double v = switch (stat) {
                        case "SampleCount" -> p.aggregate().sampleCount();
                        case "Sum" -> p.aggregate().sum();
                        case "Minimum" -> p.aggregate().minimum();
                        default -> p.aggregate().maximum();
                    };
                    out.add(new MetricSample(
                            "cloudwatch_metric",
                            "gauge",
                            "published CloudWatch metrics: the latest minute of each",
                            labels,
                            v));
                }
            }
        }
        return out;
    }

    private static String label(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        feed.flush(metrics, clock.millis(), true);
        metrics.close();
    }

    /** For tests and tools: how many metrics the account holds. */
    public int metricCount() {
        return metrics.store().size();
    }
}
