package dev.eddy.dynamodb;

import dev.eddy.dynamodb.handlers.Handlers;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.protocol.model.Operation;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.validation.Validator;
import dev.eddy.service.ErrorStyle;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Service;
import dev.eddy.storage.LogStore;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB ({@code DynamoDB_20120810}, JSON 1.0) for one account: tables whose changes are logged in
 * the account's node log (an internal shard, {@value #LOG_NAME}) and applied by a {@link TableStore},
 * with snapshots in {@code <data>/dynamodb}. Requests act on the table their TableName (or ARN)
 * names, and responses carry the {@code x-amz-crc32} checksum DynamoDB's clients verify.
 */
public final class DynamoDbService implements Service {
    /** The node log's shard holding this account's table changes (not a stream: names with '@' are internal). */
    public static final String LOG_NAME = "@dynamodb";

    private static final long LOG_RETENTION_MILLIS = 100L * 365 * 24 * 3600 * 1000;
    private static final ServiceModel MODEL =
            ServiceModel.lazy(DynamoDbService.class, "/dev/eddy/dynamodb/dynamodb-2012-08-10.service.json");

    private final Handlers handlers;
    private final TableStore store;
    private final String region;
    private final String accountId;

    /**
     * Opens the account's tables over {@code log} (its internal shard is created on first use),
     * with snapshots under {@code dir} (null: in memory), on {@code clock}; tables and indexes stay
     * CREATING or DELETING for {@code stateDelayMillis}.
     */
    public DynamoDbService(
            LogStore log, Path dir, Clock clock, long stateDelayMillis, String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
        ShardLog changes =
                log.shard(LOG_NAME).orElseGet(() -> log.createShard(new ShardSpec(LOG_NAME, LOG_RETENTION_MILLIS)));
        this.handlers = new Handlers(MODEL, clock, stateDelayMillis, region, accountId);
        this.store = TableStore.open(changes, dir, handlers::replay, handlers::store);
    }

    public static ServiceModel serviceModel() {
        return MODEL;
    }

    @Override
    public ServiceModel model() {
        return MODEL;
    }

    @Override
    public String policyPrefix() {
        return "dynamodb";
    }

    @Override
    public Map<String, Handler> handlers() {
        return handlers.all();
    }

    @Override
    public ErrorStyle errors() {
        return ErrorStyle.coral("com.amazonaws.dynamodb.v20120810");
    }

    /**
     * The model types TableName as an ARN (DynamoDB accepts a table's ARN wherever it takes its
     * name); a plain name is still held to the name's rules, in the model's wording.
     */
    @Override
    public void validate(Operation operation, Map<String, Object> input) {
        if (operation.input() == null) {
            return;
        }
        List<String> errors = new ArrayList<>();
        if (input.get("TableName") instanceof String name && !name.startsWith("arn:")) {
            if (!TABLE_NAME.matcher(name).matches()) {
                errors.add(Validator.violation(
                        "'" + Validator.cut(name) + "'",
                        "tableName",
                        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"));
            }
            if (name.length() < 3) {
                errors.add(Validator.violation(
                        "'" + Validator.cut(name) + "'",
                        "tableName",
                        "Member must have length greater than or equal to 3"));
            }
            if (name.length() > 255) {
                errors.add(Validator.violation(
                        "'" + Validator.cut(name) + "'",
                        "tableName",
                        "Member must have length less than or equal to 255"));
            }
        }
        errors.addAll(Validator.violations(operation.input(), input));
        if (!errors.isEmpty()) {
            throw DynamoDbException.validation(Validator.message(errors.subList(0, Math.min(10, errors.size()))));
        }
    }

    private static final java.util.regex.Pattern TABLE_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9_.-]+");

    @Override
    public boolean checksumsResponses() {
        return true;
    }

    @Override
    public String resource(String operation, Input in) {
        String arn = in.string("ResourceArn");
        if (arn != null) {
            return arn;
        }
        String table = in.string("TableName");
        if (table != null) {
            return table.startsWith("arn:")
                    ? table
                    : "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table;
        }
        return "*";
    }

    /** Expires items past their time to live and drops deleted tables whose deletion ran its course. */
    @Override
    public void housekeeping() {
        handlers.housekeeping();
    }

    public TableStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }
}
