package dev.eddy.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.model.Shape;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes a request body (JSON 1.1 or CBOR) into plain values guided by the operation's input
 * shape: structures and maps become {@code Map<String, Object>}, lists {@code List<Object>},
 * strings {@code String}, integers and longs {@code Long}, doubles {@code Double}, booleans
 * {@code Boolean}, blobs {@code byte[]} and timestamps {@link Instant}. Members the model does
 * not know are skipped. A value of the wrong type is a SerializationException with the message
 * the AWS service gives.
 *
 * <p>Wire facts: JSON blobs are base64 text; CBOR blobs are byte strings (base64 text is accepted
 * too). JSON timestamps are epoch seconds; CBOR timestamps from the AWS SDKs are tag 1 with epoch
 * <em>milliseconds</em> as an integer (a float is read as seconds). Stateless and thread-safe.
 */
public final class RequestDecoder {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(64 << 20)
                    .maxNestingDepth(64)
                    .build())
            .build();
    private static final CBORFactory CBOR = CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(64 << 20)
                    .maxNestingDepth(64)
                    .build())
            .build();

    private RequestDecoder() {}

    public static Map<String, Object> decode(byte[] body, int offset, int length, Encoding encoding, Shape input) {
        return decode(body, offset, length, Protocol.of(encoding), input);
    }

    /** Decodes a JSON or CBOR body of {@code protocol} by the operation's input shape. */
    public static Map<String, Object> decode(byte[] body, int offset, int length, Protocol protocol, Shape input) {
        if (protocol.isCbor() ? !Utf8.cborTextValid(body, offset, length) : !Utf8.valid(body, offset, length)) {
            throw serialization(INVALID_UTF8);
        }
        try (JsonParser p =
                protocol.isCbor() ? CBOR.createParser(body, offset, length) : JSON.createParser(body, offset, length)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw serialization(first == null ? "Unexpected end of input" : describeUnexpected(first, "structure"));
            }
            Source source = protocol.isCbor() ? null : new Source(body, offset, offset + length);
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) read(p, input, protocol, source);
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw serialization("Unexpected content after the end of the request body");
            }
            return value;
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw serialization(parseProblem(e));
        }
    }

    private static final String INVALID_UTF8 = "Could not parse the request body: it is not valid UTF-8";

    /** A decoded text: a JSON escape may spell half a surrogate pair, which no UTF-8 can carry. */
    private static String text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw serialization(INVALID_UTF8);
                }
            }
        }
        return s;
    }

    private static String parseProblem(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        return "Could not parse the request body: " + (newline > 0 ? message.substring(0, newline) : message);
    }

    /** The bytes a JSON parser reads, for reading base64 blobs straight from them. */
    private record Source(byte[] body, int offset, int end) {}

    /** Structures with at most this many members are decoded into {@link Members}. */
    private static final int SMALL_STRUCTURE = 8;

    private static Object read(JsonParser p, Shape shape, Protocol protocol, Source source) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (shape.type()) {
            case STRUCTURE: {
                if (t != JsonToken.START_OBJECT) {
                    throw serialization(
                            t == JsonToken.START_ARRAY ? "Start of list found where not expected" : "Expected null");
                }
                int members = shape.memberArray().length;
                Map<String, Object> map =
                        members <= SMALL_STRUCTURE ? new Members(Math.min(members, 4)) : new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    Shape member = shape.members().get(name);
                    if (member == null) {
                        p.skipChildren();
                        continue;
                    }
                    Object v = read(p, member, protocol, source);
                    if (v != null) {
                        map.put(name, v);
                    }
                }
                return map;
            }
            case MAP: {
                if (t != JsonToken.START_OBJECT) {
                    throw serialization(
                            t == JsonToken.START_ARRAY
                                    ? "Start of list found where not expected"
                                    : "Expected map or null");
                }
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = text(p.currentName());
                    p.nextToken();
                    Object v = read(p, shape.value(), protocol, source);
                    if (v != null) {
                        map.put(key, v);
                    }
                }
                return map;
            }
            case LIST: {
                if (t != JsonToken.START_ARRAY) {
                    throw serialization(
                            t == JsonToken.START_OBJECT
                                    ? "Start of structure or map found where not expected."
                                    : "Expected list or null");
                }
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p, shape.member(), protocol, source));
                }
                return list;
            }
            case STRING:
                if (t == JsonToken.VALUE_STRING) {
                    return text(p.getText());
                }
                throw serialization(scalarMismatch(t, "an String"));
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    return t == JsonToken.VALUE_TRUE;
                }
                if (t == JsonToken.VALUE_STRING) {
                    String text = p.getText().toUpperCase(Locale.ROOT);
                    throw serialization("'" + text + "' can not be converted to an Boolean");
                }
                throw serialization(scalarMismatch(t, "an Boolean"));
            case INTEGER:
            case LONG: {
                String target = shape.type() == Shape.Type.INTEGER ? "an Integer" : "an Long";
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    BigDecimal n = p.getDecimalValue();
                    long max = shape.type() == Shape.Type.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
                    long min = shape.type() == Shape.Type.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE;
                    // compared before it is made whole: 1e999999999 would otherwise be a
                    // billion-digit integer
                    if (n.compareTo(BigDecimal.valueOf(max)) > 0) {
                        return max;
                    }
                    if (n.compareTo(BigDecimal.valueOf(min)) < 0) {
                        return min;
                    }
                    return n.setScale(0, java.math.RoundingMode.FLOOR).longValue();
                }
                throw serialization(scalarMismatch(t, target));
            }
            case DOUBLE:
            case FLOAT:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return p.getDoubleValue();
                }
                if (t == JsonToken.VALUE_STRING) {
                    // JSON has no NaN or infinities: the AWS SDKs send them as these strings
                    switch (p.getText()) {
                        case "NaN":
                            return Double.NaN;
                        case "Infinity":
                            return Double.POSITIVE_INFINITY;
                        case "-Infinity":
                            return Double.NEGATIVE_INFINITY;
                        default:
                    }
                }
                throw serialization(scalarMismatch(t, "an Double"));
            case BLOB:
                return readBlob(p, t, source);
            case TIMESTAMP:
                return readTimestamp(p, t, protocol);
            default:
                throw new IllegalStateException("unhandled shape type " + shape.type());
        }
    }

    private static byte[] readBlob(JsonParser p, JsonToken t, Source source) throws IOException {
        if (t == JsonToken.VALUE_EMBEDDED_OBJECT) {
            return p.getBinaryValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            byte[] direct = source == null ? null : rawBase64(p, source);
            return direct != null ? direct : base64(p.getText());
        }
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            throw serialization("class java.lang.Boolean can not be converted to a Blob");
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            throw serialization(
                    "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob");
        }
        throw serialization(structural(t));
    }

    /**
     * Decodes a JSON string of strict base64 straight from the request's bytes, with the JDK's
     * (vectorised) decoder and no String in between; null whenever anything is unusual (escapes,
     * length, alphabet, padding, a non-canonical tail), and then {@link #base64} decides, with the
     * service's message. Leaves the parser where it was: it skips the string itself.
     */
    static byte[] rawBase64(JsonParser p, Source source) {
        long at = p.currentTokenLocation().getByteOffset();
        byte[] body = source.body();
        if (at < 0 || at >= source.end() - source.offset()) {
            return null;
        }
        int quote = source.offset() + (int) at;
        if (body[quote] != '"') {
            return null;
        }
        int from = quote + 1;
        int close = from;
        while (close < source.end() && body[close] != '"') {
            if (body[close] == '\\') {
                return null;
            }
            close++;
        }
        int length = close - from;
        if (close >= source.end() || length % 4 != 0) {
            return null;
        }
        if (length == 0) {
            return new byte[0];
        }
        // the bits a final quantum leaves unused must be zero (the service refuses them otherwise)
        if (body[close - 1] == '=') {
            boolean two = body[close - 2] == '=';
            int last = sextet(body[close - (two ? 3 : 2)]);
            if (last < 0 || (last & (two ? 0x0f : 0x03)) != 0) {
                return null;
            }
        }
        try {
            java.nio.ByteBuffer decoded = Base64.getDecoder().decode(java.nio.ByteBuffer.wrap(body, from, length));
            byte[] array = decoded.array();
            return decoded.arrayOffset() == 0 && decoded.remaining() == array.length
                    ? array
                    : java.util.Arrays.copyOfRange(
                            array, decoded.arrayOffset(), decoded.arrayOffset() + decoded.remaining());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int sextet(byte c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }

    /** Strict base64, with the service's messages for each way it can be wrong. */
    static byte[] base64(String text) {
        if (text.length() % 4 != 0) {
            throw serialization("'" + abbreviate(text) + "' can not be converted to a Blob: "
                    + "Base64 encoded length is expected a multiple of 4 bytes but found: " + text.length());
        }
        int padding = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (c == '=') {
                padding++;
            } else if (!alphabet || padding > 0) {
                throw serialization("'" + abbreviate(text)
                        + "' can not be converted to a Blob: Invalid Base64 character: '" + (alphabet ? '=' : c) + "'");
            }
        }
        if (padding > 2) {
            throw serialization(
                    "'" + abbreviate(text) + "' can not be converted to a Blob: Invalid Base64 character: '='");
        }
        byte[] bytes = Base64.getDecoder().decode(text);
        if (!text.isEmpty() && !canonicalTail(text, bytes)) {
            throw serialization("'" + abbreviate(text) + "' can not be converted to a Blob: "
                    + "Invalid last non-pad Base64 character dectected");
        }
        return bytes;
    }

    /** True if the unused bits of the last quantum are zero (re-encoding gives the same text). */
    private static boolean canonicalTail(String text, byte[] bytes) {
        int tailBytes = bytes.length % 3 == 0 ? 3 : bytes.length % 3;
        if (bytes.length < tailBytes) {
            return true;
        }
        byte[] tail = java.util.Arrays.copyOfRange(bytes, bytes.length - tailBytes, bytes.length);
        String encoded = Base64.getEncoder().encodeToString(tail);
        return text.regionMatches(text.length() - 4, encoded, 0, 4);
    }

    private static String abbreviate(String text) {
        return text.length() > 256 ? text.substring(0, 256) + "..." : text;
    }

    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1000);
    private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(Long.MIN_VALUE / 1000);

    /**
     * Epoch seconds as an instant, to the millisecond; a time beyond what milliseconds since the
     * epoch can hold saturates (so that 1e300 is a time in the far future, refused as one, rather
     * than a wrapped-around number that might be any time).
     */
    static Instant epochSeconds(BigDecimal seconds) {
        if (seconds.compareTo(MAX_SECONDS) > 0) {
            return Instant.ofEpochMilli(Long.MAX_VALUE);
        }
        if (seconds.compareTo(MIN_SECONDS) < 0) {
            return Instant.ofEpochMilli(Long.MIN_VALUE);
        }
        return Instant.ofEpochMilli(seconds.movePointRight(3)
                .setScale(0, java.math.RoundingMode.FLOOR)
                .longValueExact());
    }

    private static Instant readTimestamp(JsonParser p, JsonToken t, Protocol protocol) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return epochSeconds(p.getDecimalValue()); // beyond a long: saturates, as any far time
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (protocol == Protocol.KINESIS_CBOR) {
                // the AWS SDKs send tag 1 with epoch milliseconds (not RFC 8949 seconds)
                boolean tagged = p instanceof CBORParser c && c.getCurrentTag() == 1;
                long value = p.getLongValue();
                return tagged || Math.abs(value) > 100_000_000_000L
                        ? Instant.ofEpochMilli(value)
                        : epochSeconds(BigDecimal.valueOf(value));
            }
            return epochSeconds(BigDecimal.valueOf(p.getLongValue()));
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return epochSeconds(p.getDecimalValue());
        }
        if (t == JsonToken.VALUE_STRING) {
            // the service takes epoch seconds as a number only, never a string of any form
            throw serialization("class java.lang.String can not be converted to milliseconds since epoch");
        }
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            throw serialization("class java.lang.Boolean can not be converted to milliseconds since epoch");
        }
        throw serialization(structural(t));
    }

    private static String scalarMismatch(JsonToken t, String target) {
        switch (t) {
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "class java.lang.Boolean can not be converted to " + target;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to "
                        + target;
            case VALUE_STRING:
                return "class java.lang.String can not be converted to " + target;
            case VALUE_EMBEDDED_OBJECT:
                return "class java.nio.HeapByteBuffer can not be converted to " + target;
            default:
                return structural(t);
        }
    }

    private static String structural(JsonToken t) {
        if (t == JsonToken.START_ARRAY) {
            return "Start of list found where not expected";
        }
        if (t == JsonToken.START_OBJECT) {
            return "Start of structure or map found where not expected.";
        }
        return "Unexpected token " + t;
    }

    private static String describeUnexpected(JsonToken t, String what) {
        return structural(t).startsWith("Unexpected")
                ? "Expected a " + what + " at the top level of the request body"
                : structural(t);
    }

    private static ProtocolException serialization(String message) {
        return new ProtocolException(ProtocolException.Type.SERIALIZATION, message);
    }
}
