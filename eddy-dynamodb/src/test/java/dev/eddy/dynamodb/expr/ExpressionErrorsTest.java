package dev.eddy.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.dynamodb.value.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The static checks of expressions, each with DynamoDB's detail, in DynamoDB's order. */
class ExpressionErrorsTest {
    static Substitutions subs() {
        return new Substitutions(
                Map.of("#a", "a", "#b", "b"),
                Map.of(":n", AttributeValue.n("1"), ":s", AttributeValue.s("x"), ":t", AttributeValue.s("S")));
    }

    static String conditionError(String text) {
        try {
            Expressions.condition(text, subs());
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    static String updateError(String text) {
        try {
            Expressions.update(text, subs());
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void syntaxErrorsNameTheTokenAndItsNeighbours() {
        assertThat(conditionError("a = ")).isEqualTo("Syntax error; token: \"<EOF>\", near: \"= \"");
        assertThat(conditionError("a < b < c")).isEqualTo("Syntax error; token: \"<\", near: \"b < c\"");
        assertThat(conditionError("a in :n")).isEqualTo("Syntax error; token: \":n\", near: \"in :n\"");
        assertThat(conditionError("a = \"x\"")).isEqualTo("Syntax error; token: \"\"\", near: \"= \"x\"");
        assertThat(conditionError("")).isEqualTo("The expression can not be empty;");
    }

    @Test
    void functionsAreKnownUsedInTheirPlaceWithTheirOperands() {
        assertThat(conditionError("attRIbute_exIsts(a)"))
                .isEqualTo("Invalid function name; function: attRIbute_exIsts");
        assertThat(conditionError("attribute_exists(a) > :n"))
                .isEqualTo(
                        "The function is not allowed to be used this way in an expression; function: attribute_exists");
        assertThat(conditionError("size(a)"))
                .isEqualTo("The function is not allowed to be used this way in an expression; function: size");
        assertThat(conditionError("begins_with(a)"))
                .isEqualTo("Incorrect number of operands for operator or function; operator or function: begins_with,"
                        + " number of operands: 1");
        assertThat(conditionError("attribute_exists(:n)"))
                .isEqualTo("Operator or function requires a document path; operator or function: attribute_exists");
        assertThat(conditionError("begins_with(a, :n)"))
                .isEqualTo("Incorrect operand type for operator or function; operator or function: begins_with, operand"
                        + " type: N");
        assertThat(conditionError("attribute_type(a, :s)"))
                .startsWith("Invalid attribute type name found; type: x, valid types: {");
        assertThat(conditionError("attribute_exists (a) AND a = a"))
                .isEqualTo("The first operand must be distinct from the remaining operands for this operator or"
                        + " function; operator: =, first operand: [a]");
        assertThat(conditionError("a BETWEEN :s AND :n"))
                .startsWith("The BETWEEN operator requires same data type for lower and upper bounds;");
    }

    @Test
    void reservedWordsAndUndefinedNamesAndValuesAreRefused() {
        assertThat(conditionError("abOrT = :n"))
                .isEqualTo("Attribute name is a reserved keyword; reserved keyword: abOrT");
        assertThat(conditionError("a.size = :n"))
                .isEqualTo("Attribute name is a reserved keyword; reserved keyword: size");
        assertThat(conditionError("#zz = :n"))
                .isEqualTo(
                        "An expression attribute name used in the document path is not defined; attribute name: #zz");
        assertThat(conditionError("a = :zz"))
                .isEqualTo("An expression attribute value used in expression is not defined; attribute value: :zz");
        assertThat(conditionError("((a = :n))")).isEqualTo("The expression has redundant parentheses;");
    }

    @Test
    void updatesAreCheckedForSectionsPathsAndOperands() {
        assertThat(updateError("SET a = :n SET b = :n"))
                .isEqualTo("The \"SET\" section can only be used once in an update expression;");
        assertThat(updateError("SET a.b = :n, a[1] = :n"))
                .isEqualTo("Two document paths conflict with each other; must remove or rewrite one of these paths;"
                        + " path one: [a, b], path two: [a, [1]]");
        assertThat(updateError("ADD a :s"))
                .isEqualTo("Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
        assertThat(updateError("DELETE a :n"))
                .isEqualTo("Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER");
        assertThat(updateError("SET a = b + :s"))
                .isEqualTo("Incorrect operand type for operator or function; operator or function: +, operand type: S");
        assertThat(updateError("SET a = list_append(b, :n)"))
                .isEqualTo("Incorrect operand type for operator or function; operator or function: list_append, operand"
                        + " type: N");
        assertThat(updateError("SET a = if_not_exist(a, :n)"))
                .isEqualTo("Invalid function name; function: if_not_exist");
        assertThat(updateError("SET a = b + c + d")).startsWith("Syntax error; token: \"+\"");
    }

    @Test
    void everyDefinedNameAndValueMustBeUsed() {
        Substitutions s = subs();
        Expressions.condition("#a = :n", s);
        assertThat(s.unused())
                .isEqualTo("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
        Expressions.condition("#b = :s", s);
        assertThat(s.unused())
                .isEqualTo("Value provided in ExpressionAttributeValues unused in expressions: keys: {:t}");
        assertThatThrownBy(() -> Expressions.projection("a, a.b", subs()))
                .hasMessage(
                        "Two document paths overlap with each other; must remove or rewrite one of these paths; path"
                                + " one: [a], path two: [a, b]");
    }
}
