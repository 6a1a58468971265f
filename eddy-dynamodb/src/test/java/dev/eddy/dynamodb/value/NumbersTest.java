package dev.eddy.dynamodb.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DynamoDB's numbers: what is accepted, how they print back, and how many bytes they count for. */
class NumbersTest {
    static String normalised(String text) {
        return Numbers.format(Numbers.parse(text));
    }

    @Test
    void numbersPrintBackInPlainNotationWithoutRedundantZeros() {
        assertThat(normalised("0001.500")).isEqualTo("1.5");
        assertThat(normalised("1E+3")).isEqualTo("1000");
        assertThat(normalised("+1000")).isEqualTo("1000");
        assertThat(normalised("-0015.789e6")).isEqualTo("-15789000");
        assertThat(normalised(".123")).isEqualTo("0.123");
        assertThat(normalised("-0")).isEqualTo("0");
        assertThat(normalised("0.000")).isEqualTo("0");
        assertThat(normalised("1.000e-130")).isEqualTo("0." + "0".repeat(129) + "1");
        assertThat(Numbers.parse("1000")).isEqualTo(Numbers.parse("1e3"));
    }

    @Test
    void outOfRangeAndMalformedNumbersGetDynamoDbsMessages() {
        assertThatThrownBy(() -> Numbers.parse("1e126"))
                .hasMessage("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThatThrownBy(() -> Numbers.parse("1e-131"))
                .hasMessage(
                        "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        assertThatThrownBy(() -> Numbers.parse("1" + "2".repeat(38)))
                .hasMessage("Attempting to store more than 38 significant digits in a Number");
        assertThatThrownBy(() -> Numbers.parse("dog"))
                .hasMessage("The parameter cannot be converted to a numeric value: dog");
        assertThatThrownBy(() -> Numbers.parse(" 1"))
                .hasMessage("The parameter cannot be converted to a numeric value:  1");
        assertThatThrownBy(() -> Numbers.parse("")).hasMessage("The parameter cannot be converted to a numeric value");
        assertThat(normalised("9.9999999999999999999999999999999999999e125")).hasSize(126);
        assertThat(normalised("1" + "0".repeat(88))).hasSize(89); // trailing zeros of an integer do not count
    }

    @Test
    void sizesFollowTheDecimalEncoding() {
        assertThat(Numbers.size(Numbers.parse("0"))).isEqualTo(1);
        assertThat(Numbers.size(Numbers.parse("12.3456"))).isEqualTo(4);
        assertThat(Numbers.size(Numbers.parse("1" + "0".repeat(125)))).isEqualTo(2);
        assertThat(Numbers.size(Numbers.parse("12345"))).isEqualTo(4);
        assertThat(Numbers.size(Numbers.parse("1234567"))).isEqualTo(5);
        assertThat(Numbers.size(Numbers.parse("-1"))).isEqualTo(3);
    }
}
