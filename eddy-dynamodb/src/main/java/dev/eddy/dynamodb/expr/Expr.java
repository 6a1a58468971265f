package dev.eddy.dynamodb.expr;

import dev.eddy.dynamodb.value.AttributeValue;
import java.util.List;

/**
 * Resolved expressions, ready to evaluate against items: names and values substituted, every
 * static check passed. Built by {@link Expressions} from the text of the expression parameters, or
 * from the legacy parameters (Expected, AttributeUpdates, KeyConditions, ScanFilter...) which mean
 * the same things. Immutable.
 */
public final class Expr {
    private Expr() {}

    public sealed interface Operand {}

    public record PathRef(Path path) implements Operand {}

    public record Literal(AttributeValue value) implements Operand {}

    /** {@code size(path)}: a number, or nothing for a type without a size. */
    public record Size(Operand of) implements Operand {}

    /** {@code if_not_exists(path, value)}. */
    public record IfNotExists(Path path, Operand otherwise) implements Operand {}

    /** {@code list_append(a, b)}. */
    public record ListAppend(Operand first, Operand second) implements Operand {}

    /** {@code a + b} or {@code a - b}. */
    public record Arithmetic(boolean plus, Operand left, Operand right) implements Operand {}

    public sealed interface Condition {}

    /** {@code = <> < <= > >=}. */
    public record Compare(String op, Operand left, Operand right) implements Condition {}

    public record Between(Operand value, Operand low, Operand high) implements Condition {}

    public record In(Operand value, List<Operand> options) implements Condition {}

    public record Exists(Path path, boolean exists) implements Condition {}

    public record AttributeType(Path path, Operand type) implements Condition {}

    public record BeginsWith(Operand value, Operand prefix) implements Condition {}

    public record Contains(Operand value, Operand part) implements Condition {}

    public record And(Condition left, Condition right) implements Condition {}

    public record Or(Condition left, Condition right) implements Condition {}

    public record Not(Condition inner) implements Condition {}

    /** Legacy NULL / NOT_NULL on a whole attribute, and the empty condition. */
    public record Always(boolean value) implements Condition {}

    /** One action of an update: SET (value), REMOVE, ADD and DELETE (value). */
    public record Action(Kind kind, Path path, Operand value) {
        public enum Kind {
            SET,
            REMOVE,
            ADD,
            DELETE
        }
    }

    public record Update(List<Action> actions) {
        public Update {
            actions = List.copyOf(actions);
        }
    }
}
