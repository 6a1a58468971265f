package dev.eddy.server.api.handlers;

import dev.eddy.engine.KinesisException;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
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
