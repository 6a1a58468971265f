package dev.eddy.service;

import java.util.Map;

/**
 * One sample a service adds to the server's {@code /metrics}: the series name, its Prometheus type
 * and help text (the same for every sample of a name), labels and value.
 */
public record MetricSample(String name, String type, String help, Map<String, String> labels, double value) {}
