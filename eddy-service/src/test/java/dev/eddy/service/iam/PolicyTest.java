package dev.eddy.service.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Policy documents: IAM wildcards, Not* elements, principals, and statements left out. */
class PolicyTest {
    private final Principal alice = new Principal("AKIDALICE", "111111111111");
    private static final String ORDERS = "arn:aws:kinesis:us-east-1:111111111111:stream/orders";

    @Test
    void wildcardsMatchAsIamsDo() {
        assertThat(Policy.wildcard("kinesis:*", "kinesis:putrecord")).isTrue();
        assertThat(Policy.wildcard("kinesis:put*", "kinesis:putrecords")).isTrue();
        assertThat(Policy.wildcard("kinesis:get?ecords", "kinesis:getrecords")).isTrue();
        assertThat(Policy.wildcard("kinesis:get?ecords", "kinesis:getshardrecords"))
                .isFalse();
        assertThat(Policy.wildcard("arn:aws:kinesis:*:*:stream/ord*", ORDERS)).isTrue();
        assertThat(Policy.wildcard("arn:aws:kinesis:*:*:stream/ord", ORDERS)).isFalse();
        assertThat(Policy.wildcard("*", "")).isTrue();
    }

    @Test
    void actionsAreCaseBlindAndNotActionInverts() {
        Policy p = Policy.parse("""
                {"Statement": [
                  {"Effect": "Allow", "Action": "Kinesis:Describe*", "Resource": "*"},
                  {"Effect": "Deny", "NotAction": ["kinesis:Describe*", "kinesis:List*"], "Resource": "*"}]}
                """, false);
        assertThat(p.evaluate(alice, "kinesis:DescribeStream", ORDERS)).isEqualTo(new Policy.Decision(true, false));
        assertThat(p.evaluate(alice, "kinesis:PutRecord", ORDERS)).isEqualTo(new Policy.Decision(false, true));
        assertThat(p.evaluate(alice, "kinesis:ListShards", ORDERS)).isEqualTo(new Policy.Decision(false, false));
    }

    @Test
    void resourcePoliciesMatchPrincipalsByAccountRootOrUser() {
        for (String principal : new String[] {
            "\"*\"",
            "{\"AWS\": \"111111111111\"}",
            "{\"AWS\": \"arn:aws:iam::111111111111:root\"}",
            "{\"AWS\": [\"arn:aws:iam::999999999999:root\", \"arn:aws:iam::111111111111:user/AKIDALICE\"]}"
        }) {
            Policy p = Policy.parse(
                    "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": " + principal
                            + ", \"Action\": \"kinesis:*\", \"Resource\": \"" + ORDERS + "\"}}",
                    true);
            assertThat(p.evaluate(alice, "kinesis:PutRecord", ORDERS).allowed())
                    .as(principal)
                    .isTrue();
        }
        Policy other = Policy.parse(
                "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"222222222222\"},"
                        + " \"Action\": \"kinesis:*\", \"Resource\": \"*\"}}",
                true);
        assertThat(other.evaluate(alice, "kinesis:PutRecord", ORDERS).allowed()).isFalse();
    }

    @Test
    void conditionalStatementsAreNotAppliedAndBadDocumentsRefused() {
        Policy p = Policy.parse("""
                {"Statement": [{"Effect": "Deny", "Action": "kinesis:*", "Resource": "*",
                  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
                """, false);
        assertThat(p.evaluate(alice, "kinesis:PutRecord", ORDERS)).isEqualTo(new Policy.Decision(false, false));
        assertThatThrownBy(() -> Policy.parse("[]", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Policy.parse("{\"Statement\": []}", false)).hasMessageContaining("no Statement");
        assertThatThrownBy(() -> Policy.parse(
                        "{\"Statement\": {\"Effect\": \"Maybe\", \"Action\": \"*\", \"Resource\": \"*\"}}", false))
                .hasMessageContaining("Effect");
    }
}
