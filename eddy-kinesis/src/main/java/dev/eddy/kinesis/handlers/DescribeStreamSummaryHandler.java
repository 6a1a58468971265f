package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.stream.StreamMode;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.kinesis.Views;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
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
        StreamState s = engine.admin().describe(in.string("StreamName"), in.string("StreamARN"));
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
