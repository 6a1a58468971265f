package dev.eddy.dynamodb.handlers;

import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeLimits: DynamoDB's default capacity quotas (Eddy enforces no capacity limits). */
public final class DescribeLimitsHandler implements Handler {
    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        return Handler.done(Out.of()
                .put("AccountMaxReadCapacityUnits", 80_000L)
                .put("AccountMaxWriteCapacityUnits", 80_000L)
                .put("TableMaxReadCapacityUnits", 40_000L)
                .put("TableMaxWriteCapacityUnits", 40_000L)
                .map());
    }
}
