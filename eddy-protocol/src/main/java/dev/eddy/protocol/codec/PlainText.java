package dev.eddy.protocol.codec;

import java.nio.charset.StandardCharsets;

/**
 * A string value for a response that is known to hold only characters that neither JSON nor CBOR
 * must escape or re-encode (ASCII letters, digits, {@code - . _ :}): sequence numbers, shard ids.
 * Written as its bytes, without the per-character work a string needs; a PutRecords answer holds
 * a thousand of them.
 */
public final class PlainText implements CharSequence {
    private final byte[] ascii;

    private final String textOrNull;

    private PlainText(String text, byte[] ascii) {
        this.textOrNull = text;
        this.ascii = ascii;
    }

    /**
     * Wraps text the caller knows to be plain: printable ASCII other than {@code "} and {@code \}.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static PlainText of(String text) {
        return checked(new PlainText(text, text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Wraps ASCII bytes the caller knows to be plain (and no longer changes). */
    public static PlainText ofAscii(byte[] ascii) {
        return checked(new PlainText(null, ascii));
    }

    private static PlainText checked(PlainText t) {
        for (byte b : t.ascii) {
            if (b < 0x20 || b > 0x7e || b == '"' || b == '\\') {
                throw new IllegalArgumentException("not plain text: " + t);
            }
        }
        return t;
    }

    byte[] ascii() {
        return ascii;
    }

    @Override
    public int length() {
        return ascii.length;
    }

    @Override
    public char charAt(int index) {
        return (char) ascii[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().subSequence(start, end);
    }

    @Override
    public String toString() {
        return textOrNull != null ? textOrNull : new String(ascii, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlainText p && java.util.Arrays.equals(p.ascii, ascii);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ascii);
    }
}
