package dev.eddy.server;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Dispatcher;

/** One account's world: its engine (streams, log, keys) and the routes that serve it. */
record Tenant(String accountId, Engine engine, Dispatcher.Routes routes) implements AutoCloseable {
    @Override
    public void close() {
        engine.close();
    }
}
