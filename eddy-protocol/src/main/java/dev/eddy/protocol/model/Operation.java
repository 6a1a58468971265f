package dev.eddy.protocol.model;

/**
 * An operation of the service model: its name, input and output shapes (either may be null), and
 * the element an awsQuery response wraps its output in ({@code GetMetricStatisticsResult}; null
 * where the model names none).
 */
public record Operation(String name, Shape input, Shape output, String resultWrapper) {
    public Operation(String name, Shape input, Shape output) {
        this(name, input, output, null);
    }
}
