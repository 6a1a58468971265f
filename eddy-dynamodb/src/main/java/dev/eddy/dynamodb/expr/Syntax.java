package dev.eddy.dynamodb.expr;

import java.util.List;

/**
 * The parse tree of an expression before names and values are resolved: what the grammar saw,
 * kept close to the text so each of DynamoDB's checks (redundant parentheses, unknown or misused
 * functions, reserved words, undefined names and values) can run in DynamoDB's order over it.
 */
final class Syntax {
    private Syntax() {}

    /** A path element: a bare name, a {@code #name}, or a list index. */
    sealed interface Element {}

    record Name(String text) implements Element {}

    record NameRef(String ref) implements Element {}

    record Index(int index) implements Element {}

    sealed interface Operand {}

    record PathOperand(List<Element> elements) implements Operand {}

    record ValueOperand(String ref) implements Operand {}

    record FunctionOperand(String name, List<Operand> args) implements Operand {}

    record ParenOperand(Operand inner) implements Operand {}

    /** {@code a + b} or {@code a - b} (update expressions only). */
    record Arithmetic(String op, Operand left, Operand right) implements Operand {}

    sealed interface Cond {}

    record Compare(String op, Operand left, Operand right) implements Cond {}

    record Between(Operand value, Operand low, Operand high) implements Cond {}

    record In(Operand value, List<Operand> options) implements Cond {}

    record Call(String name, List<Operand> args) implements Cond {}

    record And(Cond left, Cond right) implements Cond {}

    record Or(Cond left, Cond right) implements Cond {}

    record Not(Cond inner) implements Cond {}

    record Paren(Cond inner) implements Cond {}

    /** One action of an update expression's section; {@code occurrence} counts the section keywords before it. */
    record UpdateAction(String section, int occurrence, PathOperand path, Operand value) {}
}
