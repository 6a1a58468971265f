package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.service.Handler;
import dev.eddy.service.StreamingHandler;
import java.util.HashMap;
import java.util.Map;

/** The handler of every action of the service model. */
public final class Handlers {
    private Handlers() {}

    public static Map<String, Handler> all(Engine engine, ServiceModel model) {
        Map<String, Handler> h = new HashMap<>();
        h.put("CreateStream", new CreateStreamHandler(engine));
        h.put("DeleteStream", new DeleteStreamHandler(engine));
        h.put("DescribeStream", new DescribeStreamHandler(engine));
        h.put("DescribeStreamSummary", new DescribeStreamSummaryHandler(engine));
        h.put("ListStreams", new ListStreamsHandler(engine));
        h.put("ListShards", new ListShardsHandler(engine));
        h.put("PutRecord", new PutRecordHandler(engine));
        h.put("PutRecords", new PutRecordsHandler(engine));
        h.put("GetShardIterator", new GetShardIteratorHandler(engine));
        h.put("GetRecords", new GetRecordsHandler(engine));
        h.put("IncreaseStreamRetentionPeriod", RetentionHandler.increase(engine));
        h.put("DecreaseStreamRetentionPeriod", RetentionHandler.decrease(engine));
        h.put("AddTagsToStream", new AddTagsToStreamHandler(engine));
        h.put("RemoveTagsFromStream", new RemoveTagsFromStreamHandler(engine));
        h.put("ListTagsForStream", new ListTagsForStreamHandler(engine));
        h.put("TagResource", new TagResourceHandler(engine));
        h.put("UntagResource", new UntagResourceHandler(engine));
        h.put("ListTagsForResource", new ListTagsForResourceHandler(engine));
        h.put("DescribeLimits", new DescribeLimitsHandler(engine));
        h.put("EnableEnhancedMonitoring", EnhancedMonitoringHandler.enable(engine));
        h.put("DisableEnhancedMonitoring", EnhancedMonitoringHandler.disable(engine));
        h.put("UpdateMaxRecordSize", new UpdateMaxRecordSizeHandler(engine));
        h.put("PutResourcePolicy", ResourcePolicyHandler.put(engine));
        h.put("GetResourcePolicy", ResourcePolicyHandler.get(engine));
        h.put("DeleteResourcePolicy", ResourcePolicyHandler.delete(engine));
        h.put("StartStreamEncryption", EncryptionHandler.start(engine));
        h.put("StopStreamEncryption", EncryptionHandler.stop(engine));
        h.put("DescribeAccountSettings", AccountSettingsHandler.describe(engine));
        h.put("UpdateAccountSettings", AccountSettingsHandler.update(engine));
        h.put("UpdateStreamWarmThroughput", new UpdateStreamWarmThroughputHandler(engine));
        h.put("SplitShard", new SplitShardHandler(engine));
        h.put("MergeShards", new MergeShardsHandler(engine));
        h.put("UpdateShardCount", new UpdateShardCountHandler(engine));
        h.put("UpdateStreamMode", new UpdateStreamModeHandler(engine));
        h.put("RegisterStreamConsumer", new RegisterStreamConsumerHandler(engine));
        h.put("DescribeStreamConsumer", new DescribeStreamConsumerHandler(engine));
        h.put("ListStreamConsumers", new ListStreamConsumersHandler(engine));
        h.put("DeregisterStreamConsumer", new DeregisterStreamConsumerHandler(engine));
        for (String action : model.operations().keySet()) {
            if (!streaming(engine).containsKey(action)) {
                h.putIfAbsent(action, new NotYetSupportedHandler(action));
            }
        }
        return h;
    }

    /** The actions answered with an event stream. */
    public static Map<String, StreamingHandler> streaming(Engine engine) {
        return Map.of("SubscribeToShard", new SubscribeToShardHandler(engine));
    }
}
