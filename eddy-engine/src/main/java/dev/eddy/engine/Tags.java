package dev.eddy.engine;

import dev.eddy.engine.stream.StreamState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Stream tags: AddTagsToStream, RemoveTagsFromStream, ListTagsForStream and the ARN-based trio. */
public final class Tags {
    public static final int MAX_TAGS = 50;
    /** AddTagsToStream's Tags: "a set of up to 50 key-value pairs" (it was 10 until AWS raised it). */
    private static final int MAX_TAGS_PER_ADD = 50;
    /** White space is {@code \p{Z}}: spaces, never tabs or newlines. */
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-%@]*");

    private final Engine engine;

    Tags(Engine engine) {
        this.engine = engine;
    }

    static void checkTagCharacters(Collection<String> keys, Collection<String> values) {
        for (String s : concat(keys, values)) {
            if (!VALID.matcher(s).matches()) {
                throw KinesisException.invalidArgument(
                        "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.");
            }
        }
    }

    private static List<String> concat(Collection<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public void add(String streamName, String streamArn, Map<String, String> tags) {
        StreamState s = engine.resolve(streamName, streamArn);
        if (tags.size() > MAX_TAGS_PER_ADD) {
            throw KinesisException.invalidArgument("Failed to add tags to stream " + s.name() + " under account "
                    + engine.config.accountId() + " because a request may add at most " + MAX_TAGS_PER_ADD + " tags.");
        }
        put(s, tags, "add tags to stream " + s.name());
    }

    private void put(StreamState s, Map<String, String> tags, String what) {
        checkTagCharacters(tags.keySet(), tags.values());
        engine.catalog.update(s.name(), current -> {
            if (current == null) {
                throw engine.streamNotFound(s.name());
            }
            Map<String, String> merged = new LinkedHashMap<>(current.tags());
            merged.putAll(tags);
            if (merged.size() > MAX_TAGS) {
                throw KinesisException.invalidArgument("Failed to " + what + " under account "
                        + engine.config.accountId() + " because a given stream cannot have more than " + MAX_TAGS
                        + " tags associated with it.");
            }
            return current.with(f -> f.tags = merged);
        });
    }

    public void remove(String streamName, String streamArn, List<String> keys) {
        StreamState s = engine.resolve(streamName, streamArn);
        checkTagCharacters(keys, List.of());
        engine.catalog.update(s.name(), current -> {
            if (current == null) {
                throw engine.streamNotFound(s.name());
            }
            Map<String, String> kept = new LinkedHashMap<>(current.tags());
            keys.forEach(kept::remove);
            return current.with(f -> f.tags = kept);
        });
    }

    /** A page of a stream's tags, sorted by key. */
    public record TagPage(Map<String, String> tags, boolean hasMore) {}

    public TagPage list(String streamName, String streamArn, String exclusiveStartKey, int limit) {
        StreamState s = engine.resolve(streamName, streamArn);
        Map<String, String> page = new LinkedHashMap<>();
        boolean more = false;
        for (Map.Entry<String, String> e : new TreeMap<>(s.tags()).entrySet()) {
            if (exclusiveStartKey != null && e.getKey().compareTo(exclusiveStartKey) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.put(e.getKey(), e.getValue());
        }
        return new TagPage(page, more);
    }

    private StreamState streamOfResource(String resourceArn) {
        if (resourceArn.contains("/consumer/")) {
            throw KinesisException.notFound("Consumer " + resourceArn + " not found.");
        }
        return engine.resolve(null, resourceArn);
    }

    public void tagResource(String resourceArn, Map<String, String> tags) {
        StreamState s = streamOfResource(resourceArn);
        put(s, tags, "tag resource " + resourceArn);
    }

    public void untagResource(String resourceArn, List<String> keys) {
        StreamState s = streamOfResource(resourceArn);
        remove(s.name(), null, keys);
    }

    public Map<String, String> listForResource(String resourceArn) {
        return new TreeMap<>(streamOfResource(resourceArn).tags());
    }
}
