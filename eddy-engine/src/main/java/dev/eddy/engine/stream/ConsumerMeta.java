package dev.eddy.engine.stream;

/**
 * An enhanced fan-out consumer of a stream. Its ARN is the stream's ARN followed by {@code
 * /consumer/<name>:<creation epoch seconds>}.
 *
 * @param statusUntilMillis when CREATING or DELETING ends, or -1
 */
public record ConsumerMeta(String name, long createdMillis, ConsumerStatus status, long statusUntilMillis) {

    /** The states of a consumer, as DescribeStreamConsumer reports them. */
    public enum ConsumerStatus {
        CREATING,
        ACTIVE,
        DELETING
    }

    public String arn(String streamArn) {
        return streamArn + "/consumer/" + name + ":" + (createdMillis / 1000);
    }

    public ConsumerMeta withStatus(ConsumerStatus s, long until) {
        return new ConsumerMeta(name, createdMillis, s, until);
    }
}
