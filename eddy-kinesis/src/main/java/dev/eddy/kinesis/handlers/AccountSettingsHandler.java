package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.StreamAdmin;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeAccountSettings and UpdateAccountSettings: the minimum throughput billing commitment. */
public final class AccountSettingsHandler implements Handler {
    private final Engine engine;
    private final boolean update;

    private AccountSettingsHandler(Engine engine, boolean update) {
        this.engine = engine;
        this.update = update;
    }

    public static AccountSettingsHandler describe(Engine engine) {
        return new AccountSettingsHandler(engine, false);
    }

    public static AccountSettingsHandler update(Engine engine) {
        return new AccountSettingsHandler(engine, true);
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        StreamAdmin.BillingCommitment c = update
                ? engine.admin()
                        .updateBillingCommitment(in.structure("MinimumThroughputBillingCommitment")
                                .string("Status"))
                : engine.admin().billingCommitment();
        return Handler.done(Out.of()
                .put(
                        "MinimumThroughputBillingCommitment",
                        Out.of()
                                .put("Status", c.status())
                                .put("StartedAt", c.startedAt())
                                .put("EndedAt", c.endedAt())
                                .put("EarliestAllowedEndAt", c.earliestAllowedEndAt())
                                .map())
                .map());
    }
}
