package dev.eddy.cloudwatch.handlers;

import dev.eddy.cloudwatch.CloudWatchException;
import dev.eddy.cloudwatch.metric.MetricKey;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ListMetrics: the metrics with a datum in the last two weeks (three hours with RecentlyActive
 * PT3H), filtered by namespace, name and dimensions (a filter without a value matches any value),
 * 500 a page, in a stable order so NextToken resumes where a page stopped.
 */
public final class ListMetricsHandler implements Handler {
    private static final int PAGE = 500;
    private static final long TWO_WEEKS = 14L * 24 * 3600 * 1000;
    private static final long THREE_HOURS = 3L * 3600 * 1000;
    private static final Comparator<MetricKey> ORDER = Comparator.comparing(MetricKey::namespace)
            .thenComparing(MetricKey::name)
            .thenComparing(k -> k.dimensions().toString());

    private final Clock clock;
    private final Queries queries;
    private final String accountId;

    public ListMetricsHandler(Clock clock, Queries queries, String accountId) {
        this.clock = clock;
        this.queries = queries;
        this.accountId = accountId;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = clock.millis();
        long since = now - ("PT3H".equals(in.string("RecentlyActive")) ? THREE_HOURS : TWO_WEEKS);
        List<MetricKey> found = new ArrayList<>();
        for (MetricKey k : queries.metrics(since).keySet()) {
            if (matches(k, in)) {
                found.add(k);
            }
        }
        found.sort(ORDER);
        int from = 0;
        String token = in.string("NextToken");
        if (token != null) {
            from = position(token, found.size());
        }
        int to = Math.min(found.size(), from + PAGE);
        List<Object> metrics = new ArrayList<>();
        List<Object> owners = new ArrayList<>();
        for (MetricKey k : found.subList(from, to)) {
            List<Object> dims = new ArrayList<>();
            k.dimensions()
                    .forEach((n, v) ->
                            dims.add(Out.of().put("Name", n).put("Value", v).map()));
            owners.add(accountId);
            metrics.add(Out.of()
                    .put("Namespace", k.namespace())
                    .put("MetricName", k.name())
                    .put("Dimensions", dims)
                    .map());
        }
        Out out = Out.of().put("Metrics", metrics);
        if (to < found.size()) {
            out.put(
                    "NextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("v1:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        if (in.flag("IncludeLinkedAccounts")) {
            out.put("OwningAccounts", owners);
        }
        return Handler.done(out.map());
    }

    private static int position(String token, int size) {
        try {
            String t = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!t.startsWith("v1:")) {
                throw CloudWatchException.invalidValue("Request parameter NextToken is invalid");
            }
            int at = Integer.parseInt(t.substring(3));
            return Math.max(0, Math.min(at, size));
        } catch (IllegalArgumentException e) {
            throw CloudWatchException.invalidValue("Request parameter NextToken is invalid");
        }
    }

    private static boolean matches(MetricKey k, Input in) {
        if (in.has("Namespace") && !in.string("Namespace").equals(k.namespace())) {
            return false;
        }
        if (in.has("MetricName") && !in.string("MetricName").equals(k.name())) {
            return false;
        }
        if (in.has("Dimensions")) {
            for (Object o : in.list("Dimensions")) {
                Input f = Input.of(o);
                String v = k.dimensions().get(f.string("Name"));
                if (v == null || f.has("Value") && !f.string("Value").equals(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
