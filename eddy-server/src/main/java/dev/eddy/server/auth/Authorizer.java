package dev.eddy.server.auth;

import dev.eddy.protocol.codec.JsonTree;
import dev.eddy.service.ServiceException;
import dev.eddy.service.iam.Policy;
import dev.eddy.service.iam.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether a principal may perform an action on a resource, with AWS's evaluation logic: an
 * explicit Deny in the identity policy or the resource policy wins; within an account, an Allow in
 * either suffices; across accounts, both must allow (the identity side and the resource policy of
 * the other account's stream or consumer). An access key without an identity policy may do
 * anything in its own account (a local server's keys are its administrators), but reaches
 * another account only where that account's resource policy lets it.
 *
 * <p>Identity policies come from a JSON file mapping access key ids to policy documents. Immutable.
 */
public final class Authorizer {
    private final Map<String, Policy> identity;
    private final Map<String, Policy> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    public Authorizer(Map<String, Policy> identity) {
        this.identity = Map.copyOf(identity);
    }

    /** No identity policies: every key may do anything in its own account. */
    public static Authorizer open() {
        return new Authorizer(Map.of());
    }

    /** Reads {@code {"ACCESS_KEY_ID": {policy}, …}}; an error names the file and the key. */
    public static Authorizer read(Path file) {
        Object tree;
        try {
            tree = JsonTree.parse(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the policies file " + file + ": " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> keys)) {
            throw new IllegalArgumentException(
                    "the policies file " + file + " must be a JSON object of access key ids to policies");
        }
        Map<String, Policy> policies = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : keys.entrySet()) {
            try {
                policies.put(String.valueOf(e.getKey()), Policy.of(e.getValue(), false));
            } catch (IllegalArgumentException k) {
                throw new IllegalArgumentException(file + ", policy of " + e.getKey() + ": " + k.getMessage(), k);
            }
        }
        return new Authorizer(policies);
    }

    /** A resource policy, parsed once per text (every PutRecords to a stream with a policy asks). */
    private Policy resourcePolicy(String text) {
        Policy p = parsed.get(text);
        if (p == null) {
            p = Policy.parse(text, true);
            if (parsed.size() > 1024) {
                parsed.clear();
            }
            parsed.put(text, p);
        }
        return p;
    }

    public int size() {
        return identity.size();
    }

    /**
     * Throws AccessDeniedException unless {@code principal} may do {@code action} on {@code
     * resource} (an ARN, or {@code *} for account-wide actions) of {@code resourceAccount}, whose
     * resource policy is {@code resourcePolicy} (null: none).
     */
    public void check(
            Principal principal, String action, String resource, String resourceAccount, String resourcePolicy) {
        Policy own = identity.get(principal.accessKeyId());
        Policy.Decision id = own == null ? new Policy.Decision(true, false) : own.evaluate(principal, action, resource);
        Policy.Decision res = resourcePolicy == null
                ? new Policy.Decision(false, false)
                : resourcePolicy(resourcePolicy).evaluate(principal, action, resource);
        boolean sameAccount = resourceAccount == null || resourceAccount.equals(principal.accountId());
        String because;
        if (id.denied()) {
            because = "with an explicit deny in an identity-based policy";
        } else if (res.denied()) {
            because = "with an explicit deny in a resource-based policy";
        } else if (sameAccount ? id.allowed() || res.allowed() : id.allowed() && res.allowed()) {
            return;
        } else if (!id.allowed()) {
            because = "because no identity-based policy allows the " + action + " action";
        } else {
            because = "because no resource-based policy allows the " + action + " action";
        }
        throw new ServiceException(
                "AccessDeniedException",
                400,
                "User: " + principal.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                        + " " + because);
    }
}
