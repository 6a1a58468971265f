package dev.eddy.cloudwatch.metric;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What a period of one metric (and unit) holds: sample count, sum, minimum, maximum, and the
 * values' distribution for percentiles. Changed only by the thread that owns it; {@link #copy}
 * gives readers their own.
 */
public final class Aggregate {
    double sampleCount;
    double sum;
    double minimum = Double.POSITIVE_INFINITY;
    double maximum = Double.NEGATIVE_INFINITY;
    final Sketch sketch;

    public Aggregate() {
        this(new Sketch());
    }

    private Aggregate(Sketch sketch) {
        this.sketch = sketch;
    }

    /** Adds {@code count} samples of {@code value}. */
    void add(double value, double count) {
        sampleCount += count;
        sum += value * count;
        minimum = Math.min(minimum, value);
        maximum = Math.max(maximum, value);
        sketch.add(value, Math.max(1, Math.round(count)));
    }

    /** Adds a statistic set (its values are not known, only their summary). */
    public void add(double count, double total, double min, double max) {
        sampleCount += count;
        sum += total;
        minimum = Math.min(minimum, min);
        maximum = Math.max(maximum, max);
        if (min == max) {
            sketch.add(min, Math.max(1, Math.round(count)));
        } else {
            sketch.lose();
        }
    }

    public void merge(Aggregate o) {
        sampleCount += o.sampleCount;
        sum += o.sum;
        minimum = Math.min(minimum, o.minimum);
        maximum = Math.max(maximum, o.maximum);
        sketch.merge(o.sketch);
    }

    Aggregate copy() {
        Aggregate a = new Aggregate(sketch.copy());
        a.sampleCount = sampleCount;
        a.sum = sum;
        a.minimum = minimum;
        a.maximum = maximum;
        return a;
    }

    public double sampleCount() {
        return sampleCount;
    }

    public double sum() {
        return sum;
    }

    public double minimum() {
        return minimum;
    }

    public double maximum() {
        return maximum;
    }

    public double average() {
        return sampleCount == 0 ? 0 : sum / sampleCount;
    }

    /** A percentile (0-100), or NaN where CloudWatch has none (negative values, mixed statistic sets). */
    public double percentile(double p) {
        return sketch.percentile(p);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeDouble(sampleCount);
        out.writeDouble(sum);
        out.writeDouble(minimum);
        out.writeDouble(maximum);
        sketch.write(out);
    }

    static Aggregate read(DataInputStream in) throws IOException {
        double count = in.readDouble();
        double sum = in.readDouble();
        double min = in.readDouble();
        double max = in.readDouble();
        Aggregate a = new Aggregate(Sketch.read(in));
        a.sampleCount = count;
        a.sum = sum;
        a.minimum = min;
        a.maximum = max;
        return a;
    }
}
