package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** StartStreamEncryption and StopStreamEncryption (KMS, with a key of the built-in key store). */
public final class EncryptionHandler implements Handler {
    private final Engine engine;
    private final boolean start;

    private EncryptionHandler(Engine engine, boolean start) {
        this.engine = engine;
        this.start = start;
    }

    public static EncryptionHandler start(Engine engine) {
        return new EncryptionHandler(engine, true);
    }

    public static EncryptionHandler stop(Engine engine) {
        return new EncryptionHandler(engine, false);
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        if (start) {
            engine.admin()
                    .startEncryption(
                            in.string("StreamName"),
                            in.string("StreamARN"),
                            in.string("EncryptionType"),
                            in.string("KeyId"));
        } else {
            engine.admin()
                    .stopEncryption(
                            in.string("StreamName"),
                            in.string("StreamARN"),
                            in.string("EncryptionType"),
                            in.string("KeyId"));
        }
        return Handler.done(Map.of());
    }
}
