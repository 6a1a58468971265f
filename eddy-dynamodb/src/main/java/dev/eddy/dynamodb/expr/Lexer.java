package dev.eddy.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens: bare names, {@code #names}, {@code :values}, list indexes,
 * comparators and punctuation. A character that starts no token is a syntax error naming it.
 */
final class Lexer {
    enum Kind {
        NAME,
        NAME_REF,
        VALUE_REF,
        NUMBER,
        SYMBOL,
        EOF
    }

    record Token(Kind kind, String text, int start, int end) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equalsIgnoreCase(symbol);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private Lexer() {}

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                out.add(new Token(Kind.EOF, "<EOF>", n, n));
                return out;
            }
            char c = text.charAt(i);
            int start = i;
            if (isNameStart(c)) {
                while (i < n && isNamePart(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.NAME, text.substring(start, i), start, i));
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && isNamePart(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    out.add(new Token(Kind.SYMBOL, String.valueOf(c), start, i)); // a lone # or : (a syntax error)
                } else {
                    out.add(new Token(c == '#' ? Kind.NAME_REF : Kind.VALUE_REF, text.substring(start, i), start, i));
                }
            } else if (c >= '0' && c <= '9') {
                while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, text.substring(start, i), start, i));
            } else if ((c == '<' || c == '>')
                    && i + 1 < n
                    && (text.charAt(i + 1) == '=' || c == '<' && text.charAt(i + 1) == '>')) {
                i += 2;
                out.add(new Token(Kind.SYMBOL, text.substring(start, i), start, i));
            } else if ("=<>()[],.+-".indexOf(c) >= 0) {
                i++;
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), start, i));
            } else {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                out.add(new Token(Kind.SYMBOL, text.substring(start, i), start, i)); // never expected: a syntax error
            }
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
