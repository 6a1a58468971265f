package dev.eddy.protocol.eventstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * AWS event-stream framing, as SubscribeToShard uses it:
 *
 * <pre>
 *   u32 total length | u32 headers length | u32 CRC32 of the first 8 bytes
 *   headers: u8 name length, name, u8 type (7 = string), u16 value length, value
 *   payload
 *   u32 CRC32 of everything before it
 * </pre>
 *
 * Only string headers are written (all SubscribeToShard needs); the decoder, used by tests,
 * reads string headers too. Stateless.
 */
public final class EventStream {
    private static final byte STRING = 7;

    private EventStream() {}

    /** An event: {@code :message-type=event}, the event type, and a JSON payload. */
    public static byte[] event(String eventType, byte[] json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        return message(headers, json);
    }

    /** An exception ending the stream: {@code :message-type=exception} and {@code {"message": …}}. */
    public static byte[] exception(String exceptionType, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "exception");
        String json = "{\"message\":\"" + jsonEscape(message) + "\"}";
        return message(headers, json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] message(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream h = new ByteArrayOutputStream(128);
        for (Map.Entry<String, String> e : headers.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            h.write(name.length);
            h.write(name, 0, name.length);
            h.write(STRING);
            h.write(value.length >>> 8);
            h.write(value.length);
            h.write(value, 0, value.length);
        }
        byte[] headerBytes = h.toByteArray();
        int total = 12 + headerBytes.length + payload.length + 4;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(total).putInt(headerBytes.length);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, 8);
        b.putInt((int) crc.getValue());
        b.put(headerBytes).put(payload);
        crc.reset();
        crc.update(b.array(), 0, total - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** A decoded message. */
    public record Message(Map<String, String> headers, byte[] payload) {}

    /**
     * Decodes the message at the start of {@code b} (position advanced past it), or returns null if
     * the buffer does not yet hold a whole one; throws if the CRCs do not match.
     */
    public static Message decode(ByteBuffer b) {
        if (b.remaining() < 16) {
            return null;
        }
        int start = b.position();
        int total = b.getInt(start);
        int headersLength = b.getInt(start + 4);
        if (b.remaining() < total) {
            return null;
        }
        CRC32 crc = new CRC32();
        ByteBuffer prelude = b.duplicate();
        prelude.position(start).limit(start + 8);
        crc.update(prelude);
        if ((int) crc.getValue() != b.getInt(start + 8)) {
            throw new IllegalArgumentException("event-stream prelude CRC mismatch");
        }
        crc.reset();
        ByteBuffer all = b.duplicate();
        all.position(start).limit(start + total - 4);
        crc.update(all);
        if ((int) crc.getValue() != b.getInt(start + total - 4)) {
            throw new IllegalArgumentException("event-stream message CRC mismatch");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int at = start + 12;
        int end = at + headersLength;
        while (at < end) {
            int nameLength = b.get(at) & 0xff;
            byte[] name = new byte[nameLength];
            b.get(at + 1, name);
            at += 1 + nameLength;
            byte type = b.get(at++);
            if (type != STRING) {
                throw new IllegalArgumentException("unsupported event-stream header type " + type);
            }
            int valueLength = b.getShort(at) & 0xffff;
            byte[] value = new byte[valueLength];
            b.get(at + 2, value);
            at += 2 + valueLength;
            headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        }
        byte[] payload = new byte[total - 16 - headersLength];
        b.get(end, payload);
        b.position(start + total);
        return new Message(headers, payload);
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }
}
