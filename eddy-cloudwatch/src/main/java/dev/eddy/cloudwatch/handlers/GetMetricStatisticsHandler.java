package dev.eddy.cloudwatch.handlers;

import dev.eddy.cloudwatch.CloudWatchException;
import dev.eddy.cloudwatch.metric.MetricKey;
import dev.eddy.cloudwatch.metric.MetricStore;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * GetMetricStatistics: a metric's statistics per period, one datapoint per period and unit (only
 * the requested statistics), periods anchored at the start time rounded as CloudWatch rounds it.
 */
public final class GetMetricStatisticsHandler implements Handler {
    static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,10})?|100(\\.0{1,10})?)");
    private static final int MAX_DATAPOINTS = 1440;

    private final Clock clock;
    private final Queries queries;

    public GetMetricStatisticsHandler(Clock clock, Queries queries) {
        this.clock = clock;
        this.queries = queries;
    }

    /** CloudWatch's checks, before the model's. */
    @SuppressWarnings("unchecked")
    public static void check(Map<String, Object> in) {
        Params.required(in, "Namespace", "MetricName", "StartTime", "EndTime", "Period");
        long start = ((Instant) in.get("StartTime")).toEpochMilli();
        long end = ((Instant) in.get("EndTime")).toEpochMilli();
        long period = ((Number) in.get("Period")).longValue();
        if (start >= end) {
            throw CloudWatchException.invalidValue("The parameter StartTime must be less than the parameter EndTime.");
        }
        if (period < 1 || period < 60 && 60 % period != 0 || period > 60 && period % 60 != 0) {
            throw CloudWatchException.invalidValue("The parameter Period must be a multiple of 60.");
        }
        long datapoints = (end - start) / 1000 / period;
        if (datapoints > MAX_DATAPOINTS) {
            throw CloudWatchException.combination("You have requested up to " + datapoints
                    + " datapoints, which exceeds"
                    + " the limit of " + MAX_DATAPOINTS + ". You may reduce the datapoints requested by increasing"
                    + " Period, or decreasing the time range.");
        }
        List<String> statistics = (List<String>) in.get("Statistics");
        List<String> extended = (List<String>) in.get("ExtendedStatistics");
        if (statistics == null && extended == null) {
            throw CloudWatchException.combination("Must specify either Statistics or ExtendedStatistics");
        }
        if (statistics != null && extended != null) {
            throw CloudWatchException.combination(
                    "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.");
        }
        if (statistics != null) {
            for (int i = 0; i < statistics.size(); i++) {
                if (!STATISTICS.contains(statistics.get(i))) {
                    throw CloudWatchException.invalidValue("The parameter Statistics.member." + (i + 1)
                            + " must be a value in the set [ Minimum, Maximum, Average, SampleCount, Sum ].");
                }
            }
        }
        if (extended != null) {
            for (String e : extended) {
                if (!PERCENTILE.matcher(e).matches()) {
                    throw CloudWatchException.invalidValue(
                            "The value " + e + " for parameter ExtendedStatistic is not supported.");
                }
            }
        }
        Params.unit(in.get("Unit"), "Unit");
        Params.dimensions(in.get("Dimensions"));
    }

    /** A start time rounded as CloudWatch rounds it: to the minute, or to the period under one. */
    static long roundedStart(long start, long now, long periodSeconds) {
        long step = periodSeconds < 60 ? periodSeconds * 1000 : 60_000;
        if (now - start > 63L * 24 * 3600 * 1000) {
            step = 3600_000;
        } else if (now - start > 15L * 24 * 3600 * 1000) {
            step = 300_000;
        }
        return Math.floorDiv(start, step) * step;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = clock.millis();
        int period = in.integer("Period");
        long start = roundedStart(in.timestamp("StartTime").toEpochMilli(), now, period);
        long end = in.timestamp("EndTime").toEpochMilli();
        MetricKey key =
                MetricKey.of(in.string("Namespace"), in.string("MetricName"), Params.dimensions(in.list("Dimensions")));
        List<String> statistics = in.strings("Statistics");
        List<String> extended = in.strings("ExtendedStatistics");
        List<Object> datapoints = new ArrayList<>();
        for (MetricStore.Point p : queries.points(key, in.string("Unit"), start, end, period)) {
            Out d = Out.of().put("Timestamp", Instant.ofEpochMilli(p.startMillis()));
            if (statistics != null) {
                for (String s : List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum")) {
                    if (statistics.contains(s)) {
                        d.put(s, statistic(p, s));
                    }
                }
            }
            d.put("Unit", p.unit());
            if (extended != null) {
                Map<String, Object> ex = new LinkedHashMap<>();
                for (String e : extended) {
                    double v = p.aggregate().percentile(Double.parseDouble(e.substring(1)));
                    if (!Double.isNaN(v)) {
                        ex.put(e, v);
                    }
                }
                d.put("ExtendedStatistics", ex);
            }
            datapoints.add(d.map());
        }
        return Handler.done(Out.of()
                .put("Label", in.string("MetricName"))
                .put("Datapoints", datapoints)
                .map());
    }

    static double statistic(MetricStore.Point p, String s) {
        switch (s) {
            case "SampleCount":
                return p.aggregate().sampleCount();
            case "Average":
                return p.aggregate().average();
            case "Sum":
                return p.aggregate().sum();
            case "Minimum":
                return p.aggregate().minimum();
            default:
                return p.aggregate().maximum();
        }
    }
}
