package dev.eddy.engine;

import java.util.Map;

/**
 * PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy: a policy document (JSON text,
 * evaluated by the server) per stream or consumer ARN, kept with the account's catalog. The
 * resource must exist; a policy goes when a later call deletes it.
 */
public final class ResourcePolicies {
    static final String PREFIX = "resourcePolicy:";
    private static final int MAX_POLICY_CHARS = 20_480;

    private final Engine engine;

    ResourcePolicies(Engine engine) {
        this.engine = engine;
    }

    public void put(String resourceArn, String policy) {
        check(resourceArn);
        if (policy == null || policy.isBlank()) {
            throw KinesisException.invalidArgument("Policy must not be empty.");
        }
        if (policy.length() > MAX_POLICY_CHARS) {
            throw KinesisException.invalidArgument(
                    "Policy size exceeds the limit of " + MAX_POLICY_CHARS + " characters.");
        }
        engine.catalog.updateAccountSettings(Map.of(PREFIX + resourceArn, policy));
    }

    /** The resource's policy, or null if it has none (or does not exist). */
    public String get(String resourceArn) {
        return engine.catalog.accountSetting(PREFIX + resourceArn);
    }

    /** GetResourcePolicy: as {@link #get}, but the resource must exist; "{}"-less null means none. */
    public String describe(String resourceArn) {
        check(resourceArn);
        return get(resourceArn);
    }

    public void delete(String resourceArn) {
        check(resourceArn);
        if (get(resourceArn) == null) {
            throw KinesisException.notFound("No resource policy found for resource " + resourceArn + ".");
        }
        java.util.HashMap<String, String> change = new java.util.HashMap<>();
        change.put(PREFIX + resourceArn, null);
        engine.catalog.updateAccountSettings(change);
    }

    /** The stream or consumer named must exist in this account. */
    private void check(String arn) {
        int consumer = arn.indexOf("/consumer/");
        if (consumer < 0) {
            engine.resolve(null, arn);
        } else {
            engine.fanOut().describe(null, null, arn);
        }
    }
}
