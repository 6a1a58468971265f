package dev.eddy.protocol.codec;

import java.util.Locale;
import java.util.Optional;

/** The body encodings of the Kinesis JSON protocol; a response uses the request's. */
public enum Encoding {
    JSON("application/x-amz-json-1.1"),
    CBOR("application/x-amz-cbor-1.1");

    private final String contentType;

    Encoding(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The encoding a Content-Type header names, if it is one this protocol speaks. */
    public static Optional<Encoding> ofContentType(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "application/x-amz-json-1.1":
            case "application/x-amz-json-1.0":
            case "application/json":
                return Optional.of(JSON);
            case "application/x-amz-cbor-1.1":
            case "application/cbor":
                return Optional.of(CBOR);
            default:
                return Optional.empty();
        }
    }
}
