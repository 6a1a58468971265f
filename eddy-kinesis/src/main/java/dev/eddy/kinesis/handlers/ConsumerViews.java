package dev.eddy.kinesis.handlers;

import dev.eddy.engine.FanOut;
import dev.eddy.service.Out;
import java.time.Instant;
import java.util.Map;

/** The Consumer and ConsumerDescription shapes. */
final class ConsumerViews {
    private ConsumerViews() {}

    static Map<String, Object> consumer(FanOut.Consumer c) {
        return Out.of()
                .put("ConsumerName", c.meta().name())
                .put("ConsumerARN", c.arn())
                .put("ConsumerStatus", c.meta().status().name())
                .put("ConsumerCreationTimestamp", Instant.ofEpochMilli(c.meta().createdMillis() / 1000 * 1000))
                .map();
    }

    static Map<String, Object> description(FanOut.Consumer c) {
        Map<String, Object> m = consumer(c);
        m.put("StreamARN", c.streamArn());
        return m;
    }
}
