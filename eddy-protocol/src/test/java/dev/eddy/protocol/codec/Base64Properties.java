package dev.eddy.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.model.Shape;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * JSON blobs are decoded straight from the request bytes when they are plain strict base64, and
 * by the exact path otherwise: whichever path runs, a body gives the same bytes or the same error.
 */
class Base64Properties {
    private static final Shape PUT_RECORD =
            ServiceModel.kinesis().operation("PutRecord").orElseThrow().input();

    @Property(tries = 3000)
    void aBlobDecodesAsTheStrictDecoderDecidesWhateverTheText(@ForAll("blobText") String text, @ForAll int pad) {
        // the body sits at an offset inside a larger array, as a pooled buffer's does
        int offset = Math.floorMod(pad, 7);
        byte[] json = ("{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"" + text + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[offset + json.length + 3];
        System.arraycopy(json, 0, buffer, offset, json.length);

        Throwable expectedError = catchThrowable(() -> RequestDecoder.base64(unescape(text)));
        Throwable error = null;
        Map<String, Object> decoded = null;
        try {
            decoded = RequestDecoder.decode(buffer, offset, json.length, Encoding.JSON, PUT_RECORD);
        } catch (RuntimeException e) {
            error = e;
        }
        if (expectedError == null) {
            assertThat(error).isNull();
            assertThat((byte[]) decoded.get("Data")).isEqualTo(RequestDecoder.base64(unescape(text)));
        } else {
            assertThat(error).isNotNull();
            assertThat(error.getMessage()).isEqualTo(expectedError.getMessage());
        }
    }

    private static String unescape(String jsonText) {
        return jsonText.replace("\\/", "/");
    }

    @Provide
    Arbitrary<String> blobText() {
        Arbitrary<String> valid = Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(64)
                .map(b -> Base64.getEncoder().encodeToString(b));
        Arbitrary<String> noisy = Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
                .withChars("-_ .!")
                .ofMaxLength(24);
        Arbitrary<String> escaped = valid.map(s -> s.replace("/", "\\/"));
        Arbitrary<String> tailBits = valid.filter(s -> s.endsWith("=")).map(s -> {
            int i = s.indexOf('=') - 1;
            char c = s.charAt(i);
            char flipped = c == 'A' ? 'B' : c == 'Q' ? 'R' : c == 'w' ? 'x' : c == 'g' ? 'h' : (char) (c ^ 1);
            return s.substring(0, i) + flipped + s.substring(i + 1);
        });
        return Arbitraries.oneOf(valid, noisy, escaped, tailBits);
    }
}
