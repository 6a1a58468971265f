package dev.eddy.server;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Dispatcher;

/** One account's world: its engine (streams, log, keys) and the routes that serve it. */
record Tenant(Engine engine, Dispatcher.Routes routes) implements AutoCloseable {
    String accountId() {
        return engine.config().accountId();
    }

    @Override
    public void close() {
        engine.close();
    }
}
