package dev.eddy.s3.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Writes S3's XML answers: a small builder that escapes text and closes what it opens. */
public final class Xml {
    public static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(512);
    private final java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();

    private Xml() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** A document whose root element is {@code root}, in S3's namespace ({@code null}: none). */
    public static Xml document(String root, String namespace) {
        Xml x = new Xml();
        x.out.append('<').append(root);
        if (namespace != null) {
            x.out.append(" xmlns=\"").append(namespace).append('"');
        }
        x.out.append('>');
        x.open.push(root);
        return x;
    }

    public Xml start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public Xml end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element with text; nothing if {@code value} is null. */
    public Xml element(String name, Object value) {
        if (value == null) {
            return this;
        }
        out.append('<').append(name).append('>');
        escape(String.valueOf(value));
        out.append("</").append(name).append('>');
        return this;
    }

    public Xml time(String name, long millis) {
        return element(name, ISO.format(Instant.ofEpochMilli(millis)));
    }

    public static String iso(long millis) {
        return ISO.format(Instant.ofEpochMilli(millis));
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    public byte[] bytes() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
