package dev.eddy.bench.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** How the load generators report a run: latency percentiles, a table on stderr and one JSON line. */
final class LoadOutput {
    private LoadOutput() {}

    static void latency(Map<String, Object> r, Histogram h) {
        r.put("p50Ms", round(h.getValueAtPercentile(50) / 1e6));
        r.put("p99Ms", round(h.getValueAtPercentile(99) / 1e6));
        r.put("p999Ms", round(h.getValueAtPercentile(99.9) / 1e6));
        r.put("maxMs", round(h.getMaxValue() / 1e6));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static void report(Map<String, Object> r, PrintStream out) {
        out.println();
        for (Map.Entry<String, Object> e : r.entrySet()) {
            out.printf(Locale.ROOT, "  %-20s %s%n", e.getKey(), e.getValue());
        }
        out.println();
    }

    static String toJson(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : r.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"')
                        .append(String.valueOf(v)
                                .replace("\\", "\\\\")
                                .replace("\"", "\\\"")
                                .replace("\n", " "))
                        .append('"');
            }
        }
        return sb.append('}').toString();
    }
}
