package dev.eddy.cloudwatch.handlers;

import dev.eddy.cloudwatch.CloudWatchException;
import dev.eddy.cloudwatch.metric.MetricKey;
import dev.eddy.cloudwatch.metric.MetricStore;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * GetMetricData: up to 500 queries, each a metric's statistic per period ({@code MetricStat}) or a
 * metric math expression over the others' results (arithmetic with {@code + - * /}, parentheses,
 * numbers and other queries' ids; Eddy offers no math functions or Metrics Insights, and says so).
 * Results come in query order, newest first unless ScanBy asks otherwise, paged by MaxDatapoints.
 */
public final class GetMetricDataHandler implements Handler {
    private static final Pattern ID = Pattern.compile("^[a-z][a-zA-Z0-9_]*$");
    private static final Pattern STAT =
            Pattern.compile("SampleCount|Average|Sum|Minimum|Maximum|p(\\d{1,2}(\\.\\d{1,10})?|100(\\.0{1,10})?)");
    private static final int MAX_QUERIES = 500;

    private final Clock clock;
    private final Queries queries;

    public GetMetricDataHandler(Clock clock, Queries queries) {
        this.clock = clock;
        this.queries = queries;
    }

    /** One query's answer: its id, label, values by timestamp, and messages. */
    private record Result(
            String id, String label, TreeMap<Long, Double> values, List<Object> messages, boolean returned) {}

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        List<Object> raw = in.list("MetricDataQueries");
        long start = in.timestamp("StartTime").toEpochMilli();
        long end = in.timestamp("EndTime").toEpochMilli();
        List<String> problems = new ArrayList<>();
        if (start == end) {
            problems.add("The parameter StartTime must not equal parameter EndTime.");
        } else if (start > end) {
            problems.add("The parameter EndTime must be greater than StartTime.");
        }
        if (raw.size() > MAX_QUERIES) {
            problems.add("The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
        }
        Set<String> ids = new HashSet<>();
        boolean duplicate = false;
        for (int i = 0; i < raw.size(); i++) {
            Input q = Input.of(raw.get(i));
            String at = "MetricDataQueries.member." + (i + 1);
            String id = q.string("Id");
            if (!ID.matcher(id).matches()) {
                problems.add("The value " + id + " for parameter " + at + ".Id is not matching the expected pattern"
                        + " ^[a-z][a-zA-Z0-9_]*$.");
            }
            duplicate |= !ids.add(id);
            if (q.has("MetricStat") == q.has("Expression")) {
                problems.add(
                        q.has("MetricStat")
                                ? "The parameters " + at + ".MetricStat and " + at
                                        + ".Expression are mutually exclusive."
                                : "The parameter " + at + ".MetricStat is required.");
            } else if (q.has("MetricStat")) {
                String stat = q.structure("MetricStat").string("Stat");
                if (!STAT.matcher(stat).matches()) {
                    problems.add("The value " + stat + " for parameter " + at + ".MetricStat.Stat is not a valid"
                            + " statistic.");
                }
                Params.unit(q.structure("MetricStat").string("Unit"), at + ".MetricStat.Unit");
            }
        }
        if (duplicate) {
            problems.add("The values for parameter id in MetricDataQueries are not unique.");
        }
        if (!problems.isEmpty()) {
            throw CloudWatchException.validation(problems);
        }
        long now = clock.millis();
        Map<String, Result> results = new LinkedHashMap<>();
        List<Input> queriesIn = new ArrayList<>();
        raw.forEach(o -> queriesIn.add(Input.of(o)));
        Set<String> stats = new HashSet<>();
        Set<Integer> periods = new HashSet<>();
        for (Input q : queriesIn) {
            if (q.has("MetricStat")) {
                stats.add(q.structure("MetricStat").string("Stat"));
                periods.add(q.structure("MetricStat").integer("Period"));
            }
        }
        for (Input q : queriesIn) {
            if (q.has("MetricStat")) {
                results.put(q.string("Id"), metricStat(q, start, end, now, stats.size() > 1, periods.size() > 1));
            }
        }
        for (int i = 0; i < queriesIn.size(); i++) {
            Input q = queriesIn.get(i);
            if (q.has("Expression")) {
                TreeMap<Long, Double> values = new MathExpression(
                                q.string("Expression"), "MetricDataQueries.member." + (i + 1) + ".Expression", results)
                        .evaluate();
                results.put(
                        q.string("Id"),
                        new Result(
                                q.string("Id"),
                                q.has("Label") ? q.string("Label") : q.string("Id"),
                                values,
                                List.of(),
                                !Boolean.FALSE.equals(q.values().get("ReturnData"))));
            }
        }
        boolean ascending = "TimestampAscending".equals(in.string("ScanBy"));
        int max = in.integer("MaxDatapoints") == null ? 100_800 : in.integer("MaxDatapoints");
        int skip = in.has("NextToken") ? offset(in.string("NextToken")) : 0;
        int seen = 0;
        int emitted = 0;
        boolean cut = false;
        List<Object> out = new ArrayList<>();
        for (Input q : queriesIn) {
            Result r = results.get(q.string("Id"));
            if (!r.returned()) {
                continue;
            }
            List<Object> timestamps = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            boolean partial = false;
            for (Map.Entry<Long, Double> e :
                    (ascending ? r.values() : r.values().descendingMap()).entrySet()) {
                if (seen++ < skip) {
                    continue;
                }
                if (emitted == max) {
                    partial = true;
                    cut = true;
                    break;
                }
                timestamps.add(Instant.ofEpochMilli(e.getKey()));
                values.add(e.getValue());
                emitted++;
            }
            Out result = Out.of()
                    .put("Id", r.id())
                    .put("Label", r.label())
                    .put("Timestamps", timestamps)
                    .put("Values", values)
                    .put("StatusCode", partial ? "PartialData" : "Complete");
            if (!r.messages().isEmpty()) {
                result.put("Messages", r.messages());
            }
            out.add(result.map());
        }
        Out response = Out.of().put("MetricDataResults", out).put("Messages", List.of());
        if (cut) {
            response.put(
                    "NextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("v1:" + (skip + emitted)).getBytes(StandardCharsets.UTF_8)));
        }
        return Handler.done(response.map());
    }

    private static int offset(String token) {
        try {
            String t = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (t.startsWith("v1:")) {
                return Integer.parseInt(t.substring(3));
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw CloudWatchException.invalidNextToken();
    }

    private Result metricStat(Input q, long start, long end, long now, boolean statDiffers, boolean periodDiffers) {
        Input stat = q.structure("MetricStat");
        Input metric = stat.structure("Metric");
        int period = stat.integer("Period");
        String name = metric.string("MetricName");
        MetricKey key = MetricKey.of(metric.string("Namespace"), name, Params.dimensions(metric.list("Dimensions")));
        long from = GetMetricStatisticsHandler.roundedStart(start, now, period);
        List<MetricStore.Point> points = queries.points(key, stat.string("Unit"), from, end, period);
        List<Object> messages = new ArrayList<>();
        TreeSet<String> units = new TreeSet<>();
        points.forEach(p -> units.add(p.unit()));
        String unit = units.isEmpty() ? null : units.first();
        if (units.size() > 1) {
            messages.add(Out.of()
                    .put("Code", "MultipleUnits")
                    .put("Value", "Multiple units returned: '" + units + "'")
                    .map());
        }
        TreeMap<Long, Double> values = new TreeMap<>();
        String s = stat.string("Stat");
        for (MetricStore.Point p : points) {
            if (!p.unit().equals(unit)) {
                continue;
            }
            double v = s.startsWith("p")
                    ? p.aggregate().percentile(Double.parseDouble(s.substring(1)))
                    : GetMetricStatisticsHandler.statistic(p, s);
            if (!Double.isNaN(v)) {
                values.put(p.startMillis(), v);
            }
        }
        String label = q.has("Label")
                ? q.string("Label")
                : name + (statDiffers ? " " + s : "") + (periodDiffers ? " " + period : "");
        return new Result(
                q.string("Id"),
                label,
                values,
                messages,
                !Boolean.FALSE.equals(q.values().get("ReturnData")));
    }

    /**
     * Metric math of the simplest kind: numbers, other queries' ids, {@code + - * /}, unary minus and
     * parentheses, computed timestamp by timestamp (a series against a number applies to each
     * value; two series combine where both have a value).
     */
    private static final class MathExpression {
        private final String text;
        private final String parameter;
        private final Map<String, Result> results;
        private int at;

        MathExpression(String text, String parameter, Map<String, Result> results) {
            this.text = text;
            this.parameter = parameter;
            this.results = results;
        }

        TreeMap<Long, Double> evaluate() {
            Object v = sum();
            skipSpace();
            if (at != text.length()) {
                throw unsupported("unexpected '" + text.substring(at) + "'");
            }
            if (v instanceof Double) {
                throw unsupported("it has no metric");
            }
            @SuppressWarnings("unchecked")
            TreeMap<Long, Double> series = (TreeMap<Long, Double>) v;
            return series;
        }

        private Object sum() {
            Object left = product();
            while (true) {
                skipSpace();
                if (peek('+') || peek('-')) {
                    char op = text.charAt(at++);
                    left = combine(left, product(), op);
                } else {
                    return left;
                }
            }
        }

        private Object product() {
            Object left = unary();
            while (true) {
                skipSpace();
                if (peek('*') || peek('/')) {
                    char op = text.charAt(at++);
                    left = combine(left, unary(), op);
                } else {
                    return left;
                }
            }
        }

        private Object unary() {
            skipSpace();
            if (peek('-')) {
                at++;
                return combine(-1.0, unary(), '*');
            }
            if (peek('(')) {
                at++;
                Object v = sum();
                skipSpace();
                if (!peek(')')) {
                    throw unsupported("a parenthesis is not closed");
                }
                at++;
                return v;
            }
            int from = at;
            if (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                    at++;
                }
                return Double.parseDouble(text.substring(from, at));
            }
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            String id = text.substring(from, at);
            skipSpace();
            if (id.isEmpty() || peek('(')) {
                throw unsupported(id.isEmpty() ? "expected a number or an id" : "function " + id + " is not offered");
            }
            Result r = results.get(id);
            if (r == null) {
                throw unsupported("no query has the id " + id);
            }
            return new TreeMap<>(r.values());
        }

        @SuppressWarnings("unchecked")
        private static Object combine(Object a, Object b, char op) {
            if (a instanceof Double x && b instanceof Double y) {
                return apply(x, y, op);
            }
            TreeMap<Long, Double> out = new TreeMap<>();
            if (a instanceof TreeMap<?, ?> sa && b instanceof TreeMap<?, ?> sb) {
                ((TreeMap<Long, Double>) sa).forEach((t, x) -> {
                    Double y = ((TreeMap<Long, Double>) sb).get(t);
                    if (y != null) {
                        out.put(t, apply(x, y, op));
                    }
                });
            } else if (a instanceof TreeMap<?, ?> sa) {
                ((TreeMap<Long, Double>) sa).forEach((t, x) -> out.put(t, apply(x, (Double) b, op)));
            } else {
                ((TreeMap<Long, Double>) b).forEach((t, y) -> out.put(t, apply((Double) a, y, op)));
            }
            out.values().removeIf(v -> v.isNaN() || v.isInfinite());
            return out;
        }

        private static double apply(double x, double y, char op) {
            switch (op) {
                case '+':
                    return x + y;
                case '-':
                    return x - y;
                case '*':
                    return x * y;
                default:
                    return x / y;
            }
        }

        private boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private CloudWatchException unsupported(String why) {
            return CloudWatchException.validation(
                    List.of("Unsupported expression for parameter " + parameter + ": " + why + "."));
        }
    }
}
