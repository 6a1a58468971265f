package dev.eddy.engine.stream;

/** How a stream's capacity is managed. */
public enum StreamMode {
    PROVISIONED,
    ON_DEMAND
}
