package dev.eddy.cloudwatch.handlers;

import dev.eddy.cloudwatch.CloudWatchException;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * PutMetricData: up to 1,000 datums (a value, up to 150 values with counts, or a statistic set),
 * checked as CloudWatch checks them, all or nothing; acknowledged once durable.
 */
public final class PutMetricDataHandler implements Handler {
    private static final int MAX_DATUMS = 1000;
    private static final int MAX_VALUES = 150;
    private static final double MAX_MAGNITUDE = Math.pow(2, 360);
    private static final double MIN_MAGNITUDE = Math.pow(2, -360);
    private static final long TWO_WEEKS = 14L * 24 * 3600 * 1000;
    private static final long TWO_HOURS = 2L * 3600 * 1000;

    private final Clock clock;
    private final BiFunction<Map<String, Object>, Long, CompletableFuture<Void>> put;

    public PutMetricDataHandler(Clock clock, BiFunction<Map<String, Object>, Long, CompletableFuture<Void>> put) {
        this.clock = clock;
        this.put = put;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        return put.apply(in.values(), clock.millis()).thenApplyAsync(v -> Map.of(), in.executor());
    }

    /**
     * CloudWatch's checks, before the model's: the namespace, the number of datums, then each kind
     * of problem over every datum (one error, a line per datum with it).
     */
    @SuppressWarnings("unchecked")
    public static void check(Map<String, Object> in, long now) {
        Params.required(in, "Namespace");
        String namespace = (String) in.get("Namespace");
        if (namespace.startsWith("AWS/")) {
            throw CloudWatchException.invalidValue("The value " + namespace + " for parameter Namespace is invalid.");
        }
        List<Object> data = (List<Object>) in.get("MetricData");
        if (data == null) {
            throw CloudWatchException.missing("MetricData");
        }
        if (data.size() > MAX_DATUMS) {
            throw CloudWatchException.invalidValue(
                    "The collection MetricData must not have a size greater than " + MAX_DATUMS + ".");
        }
        List<Map<String, Object>> datums = new ArrayList<>();
        for (Object o : data) {
            datums.add((Map<String, Object>) o);
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < datums.size(); i++) {
            if (datums.get(i).get("MetricName") == null) {
                throw CloudWatchException.missing("MetricData.member." + (i + 1) + ".MetricName");
            }
        }
        combinations(datums, "Value", "StatisticValues");
        combinations(datums, "Value", "Values");
        for (int i = 0; i < datums.size(); i++) {
            Map<String, Object> d = datums.get(i);
            if (d.get("Value") == null && d.get("Values") == null && d.get("StatisticValues") == null) {
                lines.add("At least one of the parameters MetricData.member." + (i + 1)
                        + ".Value and MetricData.member." + (i + 1) + ".StatisticValues must be specified.");
            }
        }
        if (!lines.isEmpty()) {
            throw CloudWatchException.combination(String.join("\n", lines));
        }
        for (int i = 0; i < datums.size(); i++) {
            Map<String, Object> d = datums.get(i);
            String at = "MetricData.member." + (i + 1);
            List<Object> values = (List<Object>) d.get("Values");
            List<Object> counts = (List<Object>) d.get("Counts");
            if (values != null && values.size() > MAX_VALUES) {
                lines.add("The collection " + at + ".Values must not have a size greater than " + MAX_VALUES + ".");
            } else if (counts != null && (values == null || counts.size() != values.size())) {
                lines.add("The parameters " + at + ".Values and " + at + ".Counts must be of the same size.");
            }
        }
        failIfAny(lines);
        for (int i = 0; i < datums.size(); i++) {
            Map<String, Object> d = datums.get(i);
            String at = "MetricData.member." + (i + 1);
            value(d.get("Value"), at + ".Value", lines);
            List<Object> values = (List<Object>) d.get("Values");
            if (values != null) {
                for (Object v : values) {
                    value(v, at + ".Values", lines);
                }
            }
            Map<String, Object> stats = (Map<String, Object>) d.get("StatisticValues");
            if (stats != null) {
                for (String s : List.of("SampleCount", "Sum", "Minimum", "Maximum")) {
                    if (stats.get(s) == null) {
                        throw CloudWatchException.missing(at + ".StatisticValues." + s);
                    }
                    value(stats.get(s), at + ".StatisticValues." + s, lines);
                }
            }
        }
        failIfAny(lines);
        for (int i = 0; i < datums.size(); i++) {
            Object ts = datums.get(i).get("Timestamp");
            if (ts instanceof Instant t && (t.toEpochMilli() < now - TWO_WEEKS || t.toEpochMilli() > now + TWO_HOURS)) {
                lines.add("The parameter MetricData.member." + (i + 1)
                        + ".Timestamp must specify a time within the past two weeks.");
            }
        }
        failIfAny(lines);
        for (int i = 0; i < datums.size(); i++) {
            Object unit = datums.get(i).get("Unit");
            if (unit != null && !dev.eddy.cloudwatch.metric.Units.ALL.contains(unit)) {
                lines.add(dev.eddy.cloudwatch.metric.Units.notAUnit("MetricData.member." + (i + 1) + ".Unit"));
            }
            Object resolution = datums.get(i).get("StorageResolution");
            if (resolution != null
                    && ((Number) resolution).longValue() != 1
                    && ((Number) resolution).longValue() != 60) {
                lines.add("The parameter MetricData.member." + (i + 1)
                        + ".StorageResolution must be a value in the set [ 1, 60 ].");
            }
            Params.dimensions(datums.get(i).get("Dimensions"));
        }
        failIfAny(lines);
    }

    private static void combinations(List<Map<String, Object>> datums, String a, String b) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < datums.size(); i++) {
            if (datums.get(i).get(a) != null && datums.get(i).get(b) != null) {
                String at = "MetricData.member." + (i + 1);
                lines.add("The parameters " + at + "." + a + " and " + at + "." + b
                        + " are mutually exclusive and you have specified both.");
            }
        }
        if (!lines.isEmpty()) {
            throw CloudWatchException.combination(String.join("\n", lines));
        }
    }

    /** CloudWatch refuses NaN, infinities and magnitudes beyond 2^360 (or below 2^-360, but zero). */
    private static void value(Object v, String parameter, List<String> lines) {
        if (v == null) {
            return;
        }
        double d = ((Number) v).doubleValue();
        double m = Math.abs(d);
        if (Double.isNaN(d) || Double.isInfinite(d) || m > MAX_MAGNITUDE || m != 0 && m < MIN_MAGNITUDE) {
            lines.add("The value " + show(d) + " for parameter " + parameter + " is invalid.");
        }
    }

    private static String show(double d) {
        if (Double.isNaN(d)) {
            return "\uFFFD"; // how CloudWatch's number formatting prints NaN
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "\u221E" : "-\u221E";
        }
        return new java.text.DecimalFormat("0.###############E0").format(d);
    }

    private static void failIfAny(List<String> lines) {
        if (!lines.isEmpty()) {
            throw CloudWatchException.invalidValues(lines);
        }
    }
}
