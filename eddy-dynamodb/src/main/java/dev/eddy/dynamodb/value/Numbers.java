package dev.eddy.dynamodb.value;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * DynamoDB numbers: decimal, at most 38 significant digits, magnitude from 1E-130 to below 1E126
 * (and zero). Kept normalised (trailing zeros stripped) so equal numbers are equal values; printed
 * back in plain notation ({@code 1E+3} → {@code 1000}), as DynamoDB prints them.
 */
public final class Numbers {
    private static final Pattern SYNTAX = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private Numbers() {}

    /** A number from its wire text, or a {@link ValueException} with DynamoDB's message. */
    public static BigDecimal parse(String text) {
        if (text.isEmpty()) {
            throw new ValueException("The parameter cannot be converted to a numeric value");
        }
        if (!SYNTAX.matcher(text).matches()) {
            throw new ValueException("The parameter cannot be converted to a numeric value: " + text);
        }
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ValueException("The parameter cannot be converted to a numeric value: " + text);
        }
        return check(d);
    }

    /** Checks range and precision of a computed number; normalises it. */
    public static BigDecimal check(BigDecimal d) {
        BigDecimal n = normalise(d);
        if (n.signum() == 0) {
            return n;
        }
        long exponent = (long) n.precision() - n.scale() - 1; // of the leading digit
        if (exponent >= 126) {
            throw new ValueException(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < -130) {
            throw new ValueException(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        if (n.precision() > 38) {
            throw new ValueException("Attempting to store more than 38 significant digits in a Number");
        }
        return n;
    }

    public static BigDecimal normalise(BigDecimal d) {
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }

    /** The number as DynamoDB prints it: plain decimal notation, no trailing zeros. */
    public static String format(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /**
     * The bytes DynamoDB counts for a number: a byte of sign and exponent, then a byte per two
     * significant digits (aligned to an even exponent), and a terminator byte for short negatives.
     */
    public static int size(BigDecimal d) {
        if (d.signum() == 0) {
            return 1;
        }
        int digits = d.precision();
        long integerDigits = (long) d.precision() - d.scale();
        int pad = Math.floorMod(integerDigits, 2) == 1 ? 1 : 0;
        int pairs = (digits + pad + 1) / 2;
        int size = 1 + pairs;
        if (d.signum() < 0 && pairs < 20) {
            size++;
        }
        return size;
    }
}
