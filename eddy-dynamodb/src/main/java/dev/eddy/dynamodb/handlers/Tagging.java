package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** TagResource, UntagResource and ListTagsOfResource on a table's ARN, with DynamoDB's tag rules. */
public final class Tagging implements Handler {
    private static final int MAX_TAGS = 50;

    enum Action {
        TAG,
        UNTAG,
        LIST
    }

    private final Context ctx;
    private final Action action;

    public Tagging(Context ctx, Action action) {
        this.ctx = ctx;
        this.action = action;
    }

    public static Tagging tag(Context ctx) {
        return new Tagging(ctx, Action.TAG);
    }

    public static Tagging untag(Context ctx) {
        return new Tagging(ctx, Action.UNTAG);
    }

    public static Tagging list(Context ctx) {
        return new Tagging(ctx, Action.LIST);
    }

    /** Tags from a request's list, merged into {@code existing}; DynamoDB's messages for bad ones. */
    static Map<String, String> tags(List<Object> list, Map<String, String> existing) {
        Map<String, String> out = new LinkedHashMap<>(existing);
        if (list == null) {
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (Object o : list) {
            Input t = Input.of(o);
            String key = t.string("Key");
            String value = t.string("Value");
            if (key.startsWith("aws:")) {
                throw DynamoDbException.validation("Tag Key cannot be prefixed with aws:, Key: " + key);
            }
            if (!seen.add(key)) {
                throw DynamoDbException.validation(
                        "Duplicate Tag Keys provided as input: Duplicate Tag Key found " + key);
            }
            out.put(key, value);
        }
        if (out.size() > MAX_TAGS) {
            throw DynamoDbException.validation("Number of Tags exceed the current limit for the provided ResourceArn");
        }
        return out;
    }

    /** The table a tag request's ARN names: checked as DynamoDB checks it. */
    private String tableOf(String arn) {
        if (arn == null) {
            throw DynamoDbException.validation("Invalid TableArn");
        }
        if (!arn.startsWith("arn:")) {
            throw Legacy.invalid("ARNs must start with 'arn:': " + arn);
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[2].equals("dynamodb")) {
            throw Legacy.invalid("Provided Arn is not a DynamoDB resource arn: " + arn);
        }
        if (!parts[5].startsWith("table/") || parts[5].length() < 9 || !parts[4].matches("\\d+")) {
            throw DynamoDbException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        String rest = parts[5].substring(6);
        if (rest.contains("/")) {
            throw Legacy.invalid(
                    "Invalid resource arn provided, only table or stream is accepted. Provided resource arn: " + arn);
        }
        return rest;
    }

    private Table table(String arn, String name) {
        Table t = ctx.store().table(name);
        if (t == null || !t.spec().arn().equals(arn)) {
            throw DynamoDbException.notFound("Requested resource not found: ResourceArn: " + arn + " not found");
        }
        return t;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        String arn = in.string("ResourceArn");
        String name = tableOf(arn);
        switch (action) {
            case LIST: {
                List<Object> tags = new ArrayList<>();
                table(arn, name)
                        .spec()
                        .tags()
                        .forEach((k, v) ->
                                tags.add(Out.of().put("Key", k).put("Value", v).map()));
                return Handler.done(Map.of("Tags", tags));
            }
            case TAG:
                if (in.list("Tags").isEmpty()) {
                    throw DynamoDbException.validation("Atleast one Tag needs to be provided as Input.");
                }
                tags(in.list("Tags"), table(arn, name).spec().tags());
                break;
            default:
                if (in.strings("TagKeys").isEmpty()) {
                    throw DynamoDbException.validation("Atleast one Tag Key needs to be provided as Input.");
                }
                table(arn, name);
        }
        TableStore.Command c = ctx.command(action == Action.TAG ? "TagResource" : "UntagResource", ctx.now(), null, in);
        return ctx.write(c, mutation(in, action), in.executor());
    }

    static TableStore.Mutation mutation(Input in, Action action) {
        return (state, cmd) -> {
            String arn = in.string("ResourceArn");
            Table t = state.table(Context.nameOf(arn));
            if (t == null || !t.spec().arn().equals(arn)) {
                throw DynamoDbException.notFound("Requested resource not found: ResourceArn: " + arn + " not found");
            }
            Map<String, String> next;
            if (action == Action.TAG) {
                next = tags(in.list("Tags"), t.spec().tags());
            } else {
                next = new LinkedHashMap<>(t.spec().tags());
                in.strings("TagKeys").forEach(next::remove);
            }
            t.spec(t.spec().with(b -> b.tags = next));
            return Map.of();
        };
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c, Action action) {
        return mutation(ctx.input(c), action);
    }
}
