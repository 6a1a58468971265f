package dev.eddy.server;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Dispatcher;
import dev.eddy.service.Service;
import dev.eddy.service.rest.RestService;
import java.util.Map;

/**
 * One account's world: its engine (streams, log, keys) and the services that serve it, by key
 * (their policy prefixes). Closing it closes the services, then the engine and its log.
 */
record Tenant(Engine engine, Map<String, Service> services, Map<String, RestService> rest)
        implements Dispatcher.Account, AutoCloseable {
    @Override
    public String accountId() {
        return engine.config().accountId();
    }

    @Override
    public void close() {
        for (RestService s : rest.values()) {
            s.close();
        }
        for (Service s : services.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Tenant.class).warn("closing a service failed", e);
            }
        }
        engine.close();
    }
}
