package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Actions of DynamoDB's API that Eddy's tables do not offer (backups, global tables, PartiQL,
 * imports and exports...): a clear client error naming the action, never a silent success.
 */
public final class NotSupportedHandler implements Handler {
    private final String action;

    public NotSupportedHandler(String action) {
        this.action = action;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        throw DynamoDbException.validation(action + " is not supported by Eddy's DynamoDB-compatible tables.");
    }
}
