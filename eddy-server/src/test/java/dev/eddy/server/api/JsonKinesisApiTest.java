package dev.eddy.server.api;

import dev.eddy.protocol.codec.Encoding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The API through the sync client with CBOR disabled (aws.cborEnabled=false): JSON 1.1. */
class JsonKinesisApiTest extends KinesisApiContract {
    @BeforeAll
    static void disableCbor() {
        System.setProperty("aws.cborEnabled", "false");
    }

    @AfterAll
    static void restoreCbor() {
        System.clearProperty("aws.cborEnabled");
    }

    @Override
    Encoding encoding() {
        return Encoding.JSON;
    }
}
