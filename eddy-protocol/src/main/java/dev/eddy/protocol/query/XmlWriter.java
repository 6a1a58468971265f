package dev.eddy.protocol.query;

import dev.eddy.protocol.model.Operation;
import dev.eddy.protocol.model.Shape;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes awsQuery responses: {@code <OpResponse xmlns=...><OpResult>members</OpResult>
 * <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></OpResponse>}, list elements as
 * {@code <member>}, map entries as {@code <entry><key/><value/></entry>}, timestamps in ISO 8601;
 * and the {@code <ErrorResponse>} of an error. Stateless.
 */
public final class XmlWriter {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private XmlWriter() {}

    public static byte[] response(Operation operation, Map<String, Object> value, String namespace, String requestId) {
        StringBuilder sb = new StringBuilder(256);
        String root = operation.name() + "Response";
        sb.append("<")
                .append(root)
                .append(" xmlns=\"")
                .append(escape(namespace))
                .append("\">");
        if (operation.output() != null && value != null) {
            String wrapper =
                    operation.resultWrapper() != null ? operation.resultWrapper() : operation.name() + "Result";
            sb.append('<').append(wrapper).append('>');
            members(sb, operation.output(), value);
            sb.append("</").append(wrapper).append('>');
        }
        sb.append("<ResponseMetadata><RequestId>")
                .append(escape(requestId))
                .append("</RequestId></ResponseMetadata></")
                .append(root)
                .append('>');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The error document botocore and the Java SDKs parse: type Sender or Receiver, code, message. */
    public static byte[] error(String code, String message, boolean senderFault, String namespace, String requestId) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<ErrorResponse xmlns=\"")
                .append(escape(namespace))
                .append("\"><Error><Type>")
                .append(senderFault ? "Sender" : "Receiver")
                .append("</Type><Code>")
                .append(escape(code))
                .append("</Code>");
        if (message != null) {
            sb.append("<Message>").append(escape(message)).append("</Message>");
        }
        sb.append("</Error><RequestId>").append(escape(requestId)).append("</RequestId></ErrorResponse>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static void members(StringBuilder sb, Shape shape, Map<String, Object> value) {
        for (Map.Entry<String, Shape> m : shape.members().entrySet()) {
            Object v = value.get(m.getKey());
            if (v == null) {
                continue;
            }
            sb.append('<').append(m.getKey()).append('>');
            write(sb, m.getValue(), v);
            sb.append("</").append(m.getKey()).append('>');
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Shape shape, Object v) {
        switch (shape.type()) {
            case STRUCTURE:
                members(sb, shape, (Map<String, Object>) v);
                return;
            case LIST:
                for (Object item : (List<Object>) v) {
                    sb.append("<member>");
                    write(sb, shape.member(), item);
                    sb.append("</member>");
                }
                return;
            case MAP:
                for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                    sb.append("<entry><key>").append(escape(e.getKey())).append("</key><value>");
                    write(sb, shape.value(), e.getValue());
                    sb.append("</value></entry>");
                }
                return;
            case TIMESTAMP: {
                Instant at = v instanceof Instant i ? i : Instant.ofEpochMilli(((Number) v).longValue());
                sb.append(ISO.format(at));
                return;
            }
            case BLOB:
                sb.append(java.util.Base64.getEncoder().encodeToString((byte[]) v));
                return;
            case DOUBLE:
            case FLOAT: {
                double d = ((Number) v).doubleValue();
                sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : d);
                return;
            }
            default:
                sb.append(escape(String.valueOf(v)));
        }
    }

    /** Text escaped for an XML element or attribute; characters XML cannot carry become U+FFFD. */
    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\r' -> "&#xD;";
                default -> c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF ? "\uFFFD" : null;
            };
            if (r == null && Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                r = paired ? null : "\uFFFD";
            }
            if (r != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (r != null) {
                    sb.append(r);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
