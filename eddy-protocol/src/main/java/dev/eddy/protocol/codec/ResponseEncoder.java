package dev.eddy.protocol.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.eddy.protocol.model.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes a response (plain values, as {@link RequestDecoder} produces them, with blobs as
 * {@code byte[]} or {@link ByteSlice}) in JSON 1.1 or CBOR, guided by the output shape.
 * Timestamps go out as epoch seconds with a decimal fraction in JSON (never exponent notation)
 * and as integer epoch milliseconds in CBOR; blobs as base64 text in JSON, byte strings in CBOR.
 * Null members are left out. Stateless and thread-safe.
 */
public final class ResponseEncoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private ResponseEncoder() {}

    public static void encode(Shape output, Map<String, Object> value, Encoding encoding, OutputStream out) {
        encode(output, value, Protocol.of(encoding), out);
    }

    /** Encodes a response of a JSON or CBOR protocol; a missing output shape is an empty object. */
    public static void encode(Shape output, Map<String, Object> value, Protocol protocol, OutputStream out) {
        try (JsonGenerator g = generator(protocol.encoding(), out)) {
            if (output == null) {
                g.writeStartObject();
                g.writeEndObject();
            } else {
                write(g, output, value, protocol);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An error body: {@code {"__type": type, "message": message}}. */
    public static void encodeError(String type, String message, Encoding encoding, OutputStream out) {
        encodeError(type, "message", message, null, Map.of(), Protocol.of(encoding), out);
    }

    /**
     * An error body of a JSON or CBOR protocol: {@code __type}, the message under {@code
     * messageMember} ({@code message} or {@code Message}, as the error's shape spells it; null for
     * an error that carries only its type), and any other members of the error's shape.
     */
    public static void encodeError(
            String type,
            String messageMember,
            String message,
            Shape errorShape,
            Map<String, Object> members,
            Protocol protocol,
            OutputStream out) {
        try (JsonGenerator g = generator(protocol.encoding(), out)) {
            g.writeStartObject();
            g.writeStringField("__type", type);
            if (message != null && messageMember != null) {
                g.writeFieldName(messageMember);
                text(g, message);
            }
            for (Map.Entry<String, Object> e : members.entrySet()) {
                Shape member = errorShape == null ? null : errorShape.members().get(e.getKey());
                if (member == null || e.getValue() == null) {
                    continue;
                }
                g.writeFieldName(e.getKey());
                write(g, member, e.getValue(), protocol);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Member names, encoded once: a PutRecords answer names two members a thousand times. */
    private static final java.util.concurrent.ConcurrentHashMap<String, com.fasterxml.jackson.core.io.SerializedString>
            FIELD_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static com.fasterxml.jackson.core.SerializableString fieldName(String name) {
        com.fasterxml.jackson.core.io.SerializedString s = FIELD_NAMES.get(name);
        return s != null ? s : FIELD_NAMES.computeIfAbsent(name, com.fasterxml.jackson.core.io.SerializedString::new);
    }

    private static JsonGenerator generator(Encoding encoding, OutputStream out) throws IOException {
        return encoding == Encoding.CBOR ? CBOR.createGenerator(out) : JSON.createGenerator(out, JsonEncoding.UTF8);
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Shape shape, Object v, Protocol protocol) throws IOException {
        switch (shape.type()) {
            case STRUCTURE: {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    Shape member = shape.members().get(e.getKey());
                    if (member == null) {
                        throw new IllegalArgumentException(shape.name() + " has no member " + e.getKey());
                    }
                    g.writeFieldName(fieldName(e.getKey()));
                    write(g, member, e.getValue(), protocol);
                }
                g.writeEndObject();
                return;
            }
            case MAP:
                g.writeStartObject();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                    g.writeFieldName(e.getKey());
                    write(g, shape.value(), e.getValue(), protocol);
                }
                g.writeEndObject();
                return;
            case LIST:
                g.writeStartArray();
                for (Object item : (List<Object>) v) {
                    write(g, shape.member(), item, protocol);
                }
                g.writeEndArray();
                return;
            case STRING:
                if (v instanceof PlainText p) {
                    g.writeRawUTF8String(p.ascii(), 0, p.length());
                } else {
                    text(g, v.toString());
                }
                return;
            case BOOLEAN:
                g.writeBoolean((Boolean) v);
                return;
            case INTEGER:
            case LONG:
                g.writeNumber(((Number) v).longValue());
                return;
            case DOUBLE:
            case FLOAT:
                writeDouble(g, ((Number) v).doubleValue(), protocol);
                return;
            case TIMESTAMP: {
                long millis = v instanceof Instant i ? i.toEpochMilli() : ((Number) v).longValue();
                if (protocol == Protocol.RPC_V2_CBOR) {
                    ((com.fasterxml.jackson.dataformat.cbor.CBORGenerator) g).writeTag(1);
                    g.writeNumber(millis / 1000.0);
                } else if (protocol.isCbor()) {
                    g.writeNumber(millis);
                } else {
                    g.writeNumber(BigDecimal.valueOf(millis, 3).toPlainString());
                }
                return;
            }
            case BLOB: {
                ByteSlice b = v instanceof ByteSlice s ? s : ByteSlice.of((byte[]) v);
                if (protocol.isCbor()) {
                    g.writeBinary(b.array(), b.offset(), b.length());
                } else {
                    byte[] text = Base64.getEncoder()
                            .encode(java.nio.ByteBuffer.wrap(b.array(), b.offset(), b.length()))
                            .array();
                    g.writeRawUTF8String(text, 0, text.length);
                }
                return;
            }
            default:
                throw new IllegalStateException("unhandled shape type " + shape.type());
        }
    }

    /**
     * A text value, in either encoding, whatever chars it holds: a lone surrogate (which no UTF-8
     * can carry; a JSON request may spell one as an escape) goes out as U+FFFD, and text with
     * surrogates is encoded here rather than by the CBOR generator, which refuses a pair split
     * across its buffer's end.
     */
    static void text(JsonGenerator g, String s) throws IOException {
        int n = s.length();
        int i = 0;
        while (i < n && !Character.isSurrogate(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            g.writeString(s);
            return;
        }
        StringBuilder clean = new StringBuilder(n).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                clean.append(c).append(s.charAt(++i));
            } else {
                clean.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        byte[] utf8 = clean.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        g.writeUTF8String(utf8, 0, utf8.length);
    }

    /**
     * A double as the protocols write it: JSON has no NaN or infinities, so those are the strings
     * the AWS SDKs read back ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}).
     */
    private static void writeDouble(JsonGenerator g, double d, Protocol protocol) throws IOException {
        if (!protocol.isCbor() && (Double.isNaN(d) || Double.isInfinite(d))) {
            g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(d);
        }
    }
}
