package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.KinesisException;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.iam.Policy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy on a stream or consumer ARN. A
 * policy is parsed before it is kept, so a malformed one is refused here rather than ignored later.
 */
public final class ResourcePolicyHandler implements Handler {
    private enum Action {
        PUT,
        GET,
        DELETE
    }

    private final Engine engine;
    private final Action action;

    private ResourcePolicyHandler(Engine engine, Action action) {
        this.engine = engine;
        this.action = action;
    }

    public static ResourcePolicyHandler put(Engine engine) {
        return new ResourcePolicyHandler(engine, Action.PUT);
    }

    public static ResourcePolicyHandler get(Engine engine) {
        return new ResourcePolicyHandler(engine, Action.GET);
    }

    public static ResourcePolicyHandler delete(Engine engine) {
        return new ResourcePolicyHandler(engine, Action.DELETE);
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        String arn = in.string("ResourceARN");
        switch (action) {
            case PUT -> {
                String policy = in.string("Policy");
                try {
                    Policy.parse(policy, true);
                } catch (IllegalArgumentException e) {
                    throw KinesisException.invalidArgument(e.getMessage());
                }
                engine.policies().put(arn, policy);
                return Handler.done(Map.of());
            }
            case GET -> {
                String policy = engine.policies().describe(arn);
                return Handler.done(Map.of("Policy", policy == null ? "{}" : policy));
            }
            default -> {
                engine.policies().delete(arn);
                return Handler.done(Map.of());
            }
        }
    }
}
