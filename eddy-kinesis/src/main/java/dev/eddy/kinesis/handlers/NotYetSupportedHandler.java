package dev.eddy.kinesis.handlers;

import dev.eddy.engine.KinesisException;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Actions of the API that this server does not carry out yet: a clear client error naming the
 * action, never a silent success.
 */
public final class NotYetSupportedHandler implements Handler {
    private final String action;

    public NotYetSupportedHandler(String action) {
        this.action = action;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        throw KinesisException.invalidArgument(action + " is not supported by this Eddy server yet.");
    }
}
