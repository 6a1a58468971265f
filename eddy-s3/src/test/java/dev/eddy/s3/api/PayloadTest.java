package dev.eddy.s3.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.s3.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aws-chunked decoding and the checksums clients send, against known values. */
class PayloadTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void signedChunksAndAnUnsignedTrailerDecodeToThePayload() {
        AwsChunked.Decoded signed = AwsChunked.decode(
                ascii(
                        "5;chunk-signature=ab12\r\nhello\r\n6;chunk-signature=cd34\r\n world\r\n0;chunk-signature=ef56\r\n\r\n"));
        assertThat(new String(signed.data(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(signed.trailers()).isEmpty();

        AwsChunked.Decoded trailer =
                AwsChunked.decode(ascii("b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"));
        assertThat(new String(trailer.data(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(trailer.trailers()).containsEntry("x-amz-checksum-crc32", "DUoRhQ==");
    }

    @Test
    void aTruncatedBodyIsIncomplete() {
        assertThatThrownBy(() -> AwsChunked.decode(ascii("a\r\nhello")))
                .isInstanceOf(S3Exception.class)
                .extracting(e -> ((S3Exception) e).code())
                .isEqualTo("IncompleteBody");
    }

    @Test
    void checksumsMatchTheirStandardCheckValues() {
        byte[] check = ascii("123456789");
        assertThat(Checksums.crc64nvme(check)).isEqualTo(0xAE8B14860A799888L);
        assertThat(Checksums.compute("CRC32", ascii("hello world"))).isEqualTo("DUoRhQ==");
        assertThat(Checksums.verify(ascii("hello world"), Map.of("x-amz-checksum-crc32", "DUoRhQ==")))
                .containsEntry("CRC32", "DUoRhQ==");
        assertThatThrownBy(() -> Checksums.verify(ascii("hello world"), Map.of("x-amz-checksum-crc32", "AAAAAA==")))
                .isInstanceOf(S3Exception.class)
                .hasMessage("The CRC32 you specified did not match the calculated checksum.");
    }
}
