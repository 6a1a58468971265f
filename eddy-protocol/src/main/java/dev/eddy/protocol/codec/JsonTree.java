package dev.eddy.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses JSON into plain maps, lists, strings, numbers and booleans (no shape, no validation). */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {}

    public static Object parse(byte[] json) throws IOException {
        return parse(json, java.util.Set.of());
    }

    /**
     * The same, leaving out every object member named in {@code skipped} (its value is skipped
     * unread: a service model's documentation is most of its bytes and none of its meaning).
     */
    public static Object parse(byte[] json, java.util.Set<String> skipped) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            return read(p, skipped);
        }
    }

    /**
     * The value of the top-level object's member {@code name}, read without parsing the members
     * after it (null when there is none).
     */
    public static Object member(byte[] json, String name) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(name)) {
                    return read(p, java.util.Set.of("documentation"));
                }
                p.skipChildren();
            }
            return null;
        }
    }

    private static Object read(JsonParser p, java.util.Set<String> skipped) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (skipped.contains(name)) {
                        p.skipChildren();
                    } else {
                        map.put(name, read(p, skipped));
                    }
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p, skipped));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }
}
