package dev.eddy.engine.stream;

/** The states of a stream, as DescribeStream reports them. */
public enum StreamStatus {
    CREATING,
    ACTIVE,
    UPDATING,
    DELETING
}
