package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.stream.StreamMode;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
import dev.eddy.server.api.Out;
import dev.eddy.server.api.Views;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeStreamSummary: the stream without its shards (what KCL asks first). */
public final class DescribeStreamSummaryHandler implements Handler {
    private final Engine engine;

    public DescribeStreamSummaryHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        StreamState s = engine.admin().describe(in.streamName(), in.streamArn());
        Map<String, Object> summary = Out.of()
                .put("StreamName", s.name())
                .put("StreamARN", engine.admin().arn(s.name()))
                .put("StreamStatus", s.status().name())
                .put("StreamModeDetails", Views.modeDetails(s))
                .put("RetentionPeriodHours", s.retentionHours())
                .put("StreamCreationTimestamp", Views.created(s))
                .put("EnhancedMonitoring", Views.enhancedMonitoring(s))
                .put("EncryptionType", s.encryptionType())
                .put("KeyId", s.keyId())
                .put("OpenShardCount", s.openShardCount())
                .put("ConsumerCount", s.consumers().size())
                .put(
                        "WarmThroughput",
                        s.mode() == StreamMode.ON_DEMAND
                                ? Out.of()
                                        .put("TargetMiBps", s.warmThroughputMiBps())
                                        .put("CurrentMiBps", s.warmThroughputMiBps())
                                        .map()
                                : null)
                .put("MaxRecordSizeInKiB", s.maxRecordSizeKiB())
                .map();
        return Handler.done(Out.of().put("StreamDescriptionSummary", summary).map());
    }
}
