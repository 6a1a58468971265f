package dev.eddy.kinesis;

import dev.eddy.engine.Engine;
import dev.eddy.engine.KinesisException;
import dev.eddy.kinesis.handlers.Handlers;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.service.ErrorStyle;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Service;
import dev.eddy.service.ServiceException;
import dev.eddy.service.StreamingHandler;
import java.util.Map;

/**
 * Kinesis Data Streams ({@code Kinesis_20131202}, JSON 1.1 and Kinesis's CBOR) for one account:
 * a handler per action over the account's {@link Engine}. Requests act on the consumer, stream or
 * resource their ARN names, GetRecords on the stream of its iterator, anything else naming a
 * stream on that stream of the caller's account.
 */
public final class KinesisService implements Service {
    private final Engine engine;
    private final Map<String, Handler> handlers;
    private final Map<String, StreamingHandler> streaming;

    public KinesisService(Engine engine) {
        this.engine = engine;
        this.handlers = Map.copyOf(Handlers.all(engine, ServiceModel.kinesis()));
        this.streaming = Handlers.streaming(engine);
    }

    @Override
    public ServiceModel model() {
        return ServiceModel.kinesis();
    }

    @Override
    public String policyPrefix() {
        return "kinesis";
    }

    @Override
    public Map<String, Handler> handlers() {
        return handlers;
    }

    @Override
    public Map<String, StreamingHandler> streaming() {
        return streaming;
    }

    @Override
    public ErrorStyle errors() {
        return ErrorStyle.bare();
    }

    @Override
    public ServiceException error(Throwable failure) {
        if (failure instanceof KinesisException k) {
            return new ServiceException(k.code().wireName(), k.code().status(), k.getMessage());
        }
        return null;
    }

    @Override
    public String resource(String operation, Input in) {
        for (String member : new String[] {"ConsumerARN", "ResourceARN", "StreamARN"}) {
            String arn = in.string(member);
            if (arn != null) {
                return arn;
            }
        }
        String iterator = in.string("ShardIterator");
        if (iterator != null) {
            String arn = engine.reader().streamArnOf(iterator); // GetRecords acts on the iterator's stream
            if (arn != null) {
                return arn;
            }
        }
        String stream = in.string("StreamName");
        return stream != null ? engine.config().streamArn(stream) : "*";
    }

    @Override
    public String resourcePolicy(String arn) {
        return engine.policies().get(arn);
    }

    @Override
    public void housekeeping() {
        engine.housekeeping();
    }
}
