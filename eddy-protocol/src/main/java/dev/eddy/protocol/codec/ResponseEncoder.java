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
        try (JsonGenerator g = generator(encoding, out)) {
            if (output == null) {
                g.writeStartObject();
                g.writeEndObject();
            } else {
                write(g, output, value, encoding);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An error body: {@code {"__type": type, "message": message}}. */
    public static void encodeError(String type, String message, Encoding encoding, OutputStream out) {
        try (JsonGenerator g = generator(encoding, out)) {
            g.writeStartObject();
            g.writeStringField("__type", type);
            if (message != null) {
                g.writeStringField("message", message);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonGenerator generator(Encoding encoding, OutputStream out) throws IOException {
        return encoding == Encoding.CBOR ? CBOR.createGenerator(out) : JSON.createGenerator(out, JsonEncoding.UTF8);
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Shape shape, Object v, Encoding encoding) throws IOException {
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
                    g.writeFieldName(e.getKey());
                    write(g, member, e.getValue(), encoding);
                }
                g.writeEndObject();
                return;
            }
            case MAP:
                g.writeStartObject();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                    g.writeFieldName(e.getKey());
                    write(g, shape.value(), e.getValue(), encoding);
                }
                g.writeEndObject();
                return;
            case LIST:
                g.writeStartArray();
                for (Object item : (List<Object>) v) {
                    write(g, shape.member(), item, encoding);
                }
                g.writeEndArray();
                return;
            case STRING:
                g.writeString(v.toString());
                return;
            case BOOLEAN:
                g.writeBoolean((Boolean) v);
                return;
            case INTEGER:
            case LONG:
                g.writeNumber(((Number) v).longValue());
                return;
            case DOUBLE:
                g.writeNumber(((Number) v).doubleValue());
                return;
            case TIMESTAMP: {
                long millis = v instanceof Instant i ? i.toEpochMilli() : ((Number) v).longValue();
                if (encoding == Encoding.CBOR) {
                    g.writeNumber(millis);
                } else {
                    g.writeNumber(BigDecimal.valueOf(millis, 3).toPlainString());
                }
                return;
            }
            case BLOB: {
                ByteSlice b = v instanceof ByteSlice s ? s : ByteSlice.of((byte[]) v);
                if (encoding == Encoding.CBOR) {
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
}
