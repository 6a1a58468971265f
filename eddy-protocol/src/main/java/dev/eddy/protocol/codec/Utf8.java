package dev.eddy.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 checks for request bodies: overlong forms ({@code C0 AF} for {@code /}), encoded
 * surrogates, code points beyond U+10FFFF and truncated sequences are all invalid, as RFC 3629
 * says. The JSON parser would otherwise decode some of them (an overlong slash is a slash), so a
 * body is checked before it is parsed; CBOR text strings one by one ({@link #cborTextValid}), its
 * byte strings being anyone's bytes. Thread-safe.
 */
final class Utf8 {
    /** The JDK's decoder, strict, with a vectorised path for ASCII; one per thread, reused. */
    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));

    private static final ThreadLocal<CharBuffer> SCRATCH = ThreadLocal.withInitial(() -> CharBuffer.allocate(8192));

    private Utf8() {}

    /** Whether {@code length} bytes from {@code offset} are well-formed UTF-8. */
    static boolean valid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && bytes[i] >= 0) {
            i++; // most bodies are ASCII throughout
            if (i - offset == 64) {
                break;
            }
        }
        if (i == end) {
            return true;
        }
        CharsetDecoder decoder = DECODER.get().reset();
        CharBuffer out = SCRATCH.get();
        ByteBuffer in = ByteBuffer.wrap(bytes, i, end - i);
        while (true) {
            out.clear();
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return false;
            }
            if (r.isUnderflow()) {
                out.clear();
                return !decoder.flush(out).isError();
            }
        }
    }

    /**
     * Whether every text string of a CBOR body is well-formed UTF-8. Its items are read as a flat
     * run of heads, which is enough: only a string's head is followed by bytes that are not heads
     * (byte strings are skipped; each chunk of an indefinite text string is a text string itself).
     * A body that is not well-formed CBOR is left to the parser, which says what is wrong with it.
     */
    static boolean cborTextValid(byte[] b, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int head = b[i++] & 0xff;
            int major = head >>> 5;
            int info = head & 0x1f;
            long argument;
            if (info < 24) {
                argument = info;
            } else if (info <= 27) {
                int n = 1 << (info - 24);
                if (n > end - i) {
                    return true;
                }
                argument = 0;
                for (int k = 0; k < n; k++) {
                    argument = (argument << 8) | (b[i++] & 0xff);
                }
            } else {
                continue; // indefinite lengths, breaks (and reserved values, for the parser)
            }
            if (major == 2 || major == 3) {
                if (argument < 0 || argument > end - i) {
                    return true;
                }
                if (major == 3 && !valid(b, i, (int) argument)) {
                    return false;
                }
                i += (int) argument;
            }
        }
        return true;
    }
}
