package dev.eddy.server.api;

import dev.eddy.protocol.codec.Encoding;

/** The API through the sync client speaking CBOR, the AWS SDK for Java's default. */
class CborKinesisApiTest extends KinesisApiContract {
    @Override
    Encoding encoding() {
        return Encoding.CBOR;
    }
}
