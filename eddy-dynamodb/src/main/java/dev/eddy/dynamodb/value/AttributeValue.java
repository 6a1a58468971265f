package dev.eddy.dynamodb.value;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value, of one of the ten types. Immutable: maps, lists and sets are never
 * changed once built (updates build new values). Numbers are kept normalised ({@link Numbers}), so
 * {@code 1.50} and {@code 15e-1} are equal; sets compare as sets.
 */
public sealed interface AttributeValue {
    /** The type's wire name ({@code S}, {@code NS}, {@code BOOL}...). */
    String type();

    record S(String value) implements AttributeValue {
        @Override
        public String type() {
            return "S";
        }
    }

    record N(BigDecimal value) implements AttributeValue {
        @Override
        public String type() {
            return "N";
        }

        @Override
        public String toString() {
            return Numbers.format(value);
        }
    }

    record B(Bytes value) implements AttributeValue {
        @Override
        public String type() {
            return "B";
        }
    }

    record Bool(boolean value) implements AttributeValue {
        @Override
        public String type() {
            return "BOOL";
        }
    }

    record Null() implements AttributeValue {
        @Override
        public String type() {
            return "NULL";
        }
    }

    /** A map, attribute names to values, in insertion order. */
    record M(Map<String, AttributeValue> value) implements AttributeValue {
        @Override
        public String type() {
            return "M";
        }
    }

    record L(List<AttributeValue> value) implements AttributeValue {
        @Override
        public String type() {
            return "L";
        }
    }

    record SS(Set<String> value) implements AttributeValue {
        @Override
        public String type() {
            return "SS";
        }
    }

    record NS(Set<BigDecimal> value) implements AttributeValue {
        @Override
        public String type() {
            return "NS";
        }
    }

    record BS(Set<Bytes> value) implements AttributeValue {
        @Override
        public String type() {
            return "BS";
        }
    }

    Null NULL = new Null();
    Bool TRUE = new Bool(true);
    Bool FALSE = new Bool(false);

    static S s(String value) {
        return new S(value);
    }

    static N n(String value) {
        return new N(Numbers.parse(value));
    }

    static N n(BigDecimal value) {
        return new N(Numbers.normalise(value));
    }

    /** Whether this is one of the three scalar types a key may have. */
    default boolean isKeyType() {
        return this instanceof S || this instanceof N || this instanceof B;
    }

    /** Whether this is one of the three set types. */
    default boolean isSet() {
        return this instanceof SS || this instanceof NS || this instanceof BS;
    }
}
