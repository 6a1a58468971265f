package dev.eddy.cloudwatch.metric;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The distribution of a bucket's values, for percentiles: counts in logarithmic bins 2% wide, so
 * a percentile is within about 1% of the exact value whatever the range (a DDSketch-style
 * histogram; CloudWatch's own percentiles are approximations too). Zeros have a bin of their own;
 * once a negative value is seen the bucket has no percentiles, as on CloudWatch.
 */
final class Sketch {
    private static final double GAMMA = 1.02;
    private static final double LOG_GAMMA = Math.log(GAMMA);

    private final TreeMap<Integer, Long> bins = new TreeMap<>();
    private long zeros;
    private long total;
    private boolean unavailable;

    void add(double value, long count) {
        if (value < 0 || unavailable) {
            unavailable = true;
            return;
        }
        total += count;
        if (value == 0) {
            zeros += count;
        } else {
            bins.merge((int) Math.ceil(Math.log(value) / LOG_GAMMA), count, Long::sum);
        }
    }

    /** A summary without its values (statistic sets of several different values): no percentiles. */
    void lose() {
        unavailable = true;
    }

    void merge(Sketch o) {
        if (o.unavailable) {
            unavailable = true;
        }
        if (unavailable) {
            return;
        }
        zeros += o.zeros;
        total += o.total;
        o.bins.forEach((k, v) -> bins.merge(k, v, Long::sum));
    }

    /** The value at percentile {@code p} (0-100), or NaN if there is none. */
    double percentile(double p) {
        if (unavailable || total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        if (rank <= zeros) {
            return 0;
        }
        long seen = zeros;
        for (Map.Entry<Integer, Long> e : bins.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                // the bin's middle, in the log domain: within 1% of every value in it
                return 2 * Math.pow(GAMMA, e.getKey()) / (GAMMA + 1);
            }
        }
        return 2 * Math.pow(GAMMA, bins.lastKey()) / (GAMMA + 1);
    }

    Sketch copy() {
        Sketch s = new Sketch();
        s.merge(this);
        s.unavailable = unavailable;
        return s;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeBoolean(unavailable);
        out.writeLong(zeros);
        out.writeLong(total);
        out.writeInt(bins.size());
        for (Map.Entry<Integer, Long> e : bins.entrySet()) {
            out.writeInt(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    static Sketch read(DataInputStream in) throws IOException {
        Sketch s = new Sketch();
        s.unavailable = in.readBoolean();
        s.zeros = in.readLong();
        s.total = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            s.bins.put(in.readInt(), in.readLong());
        }
        return s;
    }
}
