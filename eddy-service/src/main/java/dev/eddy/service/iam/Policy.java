package dev.eddy.service.iam;

import dev.eddy.protocol.codec.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An IAM policy document, identity-based or resource-based: statements of {@code Effect} Allow or
 * Deny over {@code Action}/{@code NotAction} (with {@code *} and {@code ?} wildcards, case-blind,
 * e.g. {@code kinesis:Get*}), {@code Resource}/{@code NotResource} (ARNs with wildcards) and, in a
 * resource policy, {@code Principal} ({@code "*"}, {@code {"AWS": …}} with account ids, account
 * root ARNs or user ARNs). A statement with a {@code Condition} is not applied: conditions are not
 * evaluated, and applying such a statement without its condition could allow what it would not.
 * Immutable.
 */
public final class Policy {
    /** Whether a statement of this policy allows or explicitly denies a request (both may hold). */
    public record Decision(boolean allowed, boolean denied) {}

    private record Statement(
            boolean allow,
            List<String> actions,
            boolean notAction,
            List<String> resources,
            boolean notResource,
            List<String> principals) {}

    private final List<Statement> statements;

    private Policy(List<Statement> statements) {
        this.statements = statements;
    }

    /**
     * Parses a policy; {@link IllegalArgumentException} with the service's wording (services answer
     * a bad PutResourcePolicy with it) if it is not JSON or lacks what a {@code resource} or identity
     * policy needs.
     */
    public static Policy parse(String json, boolean resource) {
        Object tree;
        try {
            tree = JsonTree.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw invalid("Invalid policy: not a JSON document.");
        }
        return of(tree, resource);
    }

    /** A policy from an already parsed JSON document (maps, lists, strings). */
    public static Policy of(Object tree, boolean resource) {
        if (!(tree instanceof Map<?, ?> doc)) {
            throw invalid("Invalid policy: expected a JSON object.");
        }
        Object raw = doc.get("Statement");
        List<Object> items = raw instanceof List<?> l ? new ArrayList<>(l) : raw == null ? List.of() : List.of(raw);
        if (items.isEmpty()) {
            throw invalid("Invalid policy: it has no Statement.");
        }
        List<Statement> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> st)) {
                throw invalid("Invalid policy: a Statement must be an object.");
            }
            Object effect = st.get("Effect");
            if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
                throw invalid("Invalid policy: Effect must be Allow or Deny.");
            }
            boolean notAction = st.containsKey("NotAction");
            // actions compare case-blind: kept lower-cased, as evaluate lower-cases the request's
            List<String> actions = strings(st.get(notAction ? "NotAction" : "Action"), "Action").stream()
                    .map(a -> a.toLowerCase(Locale.ROOT))
                    .toList();
            boolean notResource = st.containsKey("NotResource");
            List<String> resources = strings(st.get(notResource ? "NotResource" : "Resource"), "Resource");
            List<String> principals = null;
            if (resource) {
                Object p = st.get("Principal");
                if (p == null) {
                    throw invalid("Invalid policy: a resource policy statement needs a Principal.");
                }
                principals =
                        p instanceof Map<?, ?> m ? strings(m.get("AWS"), "Principal.AWS") : strings(p, "Principal");
            }
            if (st.containsKey("Condition")) {
                continue; // see the class comment
            }
            out.add(new Statement("Allow".equals(effect), actions, notAction, resources, notResource, principals));
        }
        return new Policy(List.copyOf(out));
    }

    private static List<String> strings(Object v, String what) {
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(String.class::isInstance)) {
            return l.stream().map(String.class::cast).toList();
        }
        throw invalid("Invalid policy: " + what + " must be a string or a list of strings.");
    }

    /** How this policy judges {@code principal} doing {@code action} (e.g. kinesis:PutRecord) on {@code resource}. */
    public Decision evaluate(Principal principal, String action, String resource) {
        boolean allowed = false;
        boolean denied = false;
        String lowerAction = action.toLowerCase(Locale.ROOT);
        for (Statement s : statements) {
            if (s.principals() != null && s.principals().stream().noneMatch(p -> principal.matches(p))) {
                continue;
            }
            boolean actionMatches = s.actions().stream().anyMatch(a -> wildcard(a, lowerAction));
            if (actionMatches == s.notAction()) {
                continue;
            }
            boolean resourceMatches = s.resources().stream().anyMatch(r -> wildcard(r, resource));
            if (resourceMatches == s.notResource()) {
                continue;
            }
            if (s.allow()) {
                allowed = true;
            } else {
                denied = true;
            }
        }
        return new Decision(allowed, denied);
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} any one. */
    public static boolean wildcard(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
