package dev.eddy.protocol.codec;

import java.util.Locale;

/**
 * The AWS wire protocols Eddy speaks, each with its body format and the way it writes
 * timestamps. A response uses the protocol of its request.
 *
 * <ul>
 *   <li>{@link #AWS_JSON_1_0}, {@link #AWS_JSON_1_1}: {@code X-Amz-Target} names the operation; JSON
 *       bodies; timestamps as epoch seconds.
 *   <li>{@link #KINESIS_CBOR}: Kinesis's CBOR flavour of JSON 1.1 (the Java SDK's default for
 *       Kinesis): timestamps as epoch <em>milliseconds</em>.
 *   <li>{@link #RPC_V2_CBOR}: smithy RPC v2 CBOR ({@code POST /service/S/operation/O}): timestamps
 *       as tag 1 with epoch seconds.
 *   <li>{@link #AWS_QUERY}: a form body in ({@code Action=...&Version=...}), XML out.
 * </ul>
 */
public enum Protocol {
    AWS_JSON_1_0("application/x-amz-json-1.0", Encoding.JSON),
    AWS_JSON_1_1("application/x-amz-json-1.1", Encoding.JSON),
    KINESIS_CBOR("application/x-amz-cbor-1.1", Encoding.CBOR),
    RPC_V2_CBOR("application/cbor", Encoding.CBOR),
    AWS_QUERY("text/xml", null);

    private final String contentType;
    private final Encoding encoding;

    Protocol(String contentType, Encoding encoding) {
        this.contentType = contentType;
        this.encoding = encoding;
    }

    /** The Content-Type of this protocol's responses. */
    public String contentType() {
        return contentType;
    }

    /** The body format of the JSON and CBOR protocols; null for awsQuery. */
    public Encoding encoding() {
        return encoding;
    }

    public boolean isCbor() {
        return encoding == Encoding.CBOR;
    }

    /** The JSON protocol of a model's {@code jsonVersion}. */
    public static Protocol json(String jsonVersion) {
        return "1.1".equals(jsonVersion) ? AWS_JSON_1_1 : AWS_JSON_1_0;
    }

    /**
     * The protocol of a request that names its operation in {@code X-Amz-Target}, by its
     * Content-Type: CBOR types are Kinesis's CBOR, JSON types the service's JSON version; null
     * for anything else.
     */
    public static Protocol ofTargetedRequest(String contentType, String jsonVersion) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        switch (type) {
            case "application/x-amz-json-1.1":
            case "application/x-amz-json-1.0":
            case "application/json":
                return json(jsonVersion);
            case "application/x-amz-cbor-1.1":
            case "application/cbor":
                return KINESIS_CBOR;
            default:
                return null;
        }
    }

    /** The protocol a response in {@code encoding} to a Kinesis-style request uses. */
    public static Protocol of(Encoding encoding) {
        return encoding == Encoding.CBOR ? KINESIS_CBOR : AWS_JSON_1_1;
    }
}
