package dev.eddy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Identity policies (from --policies-file) and resource policies (PutResourcePolicy) decide with
 * AWS's logic: an explicit deny wins, an allow on either side suffices within an account, and a
 * request across accounts needs both.
 */
class AuthorizationTest {
    @TempDir
    Path dir;

    TestServer server;
    KinesisClient alice; // 111111111111, no identity policy: may do anything in her account
    KinesisClient carol; // 111111111111, read-only, never GetRecords on secret* streams
    KinesisClient bob; // 222222222222
    String ordersArn;

    @BeforeEach
    void start() throws IOException {
        Path keys = Files.writeString(
                dir.resolve("keys"), "AKIDALICE a 111111111111\nAKIDCAROL c 111111111111\nAKIDBOB b 222222222222\n");
        Path policies = Files.writeString(dir.resolve("policies.json"), """
                {"AKIDCAROL": {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["kinesis:Describe*", "kinesis:List*", "kinesis:Get*"], "Resource": "*"},
                  {"Effect": "Deny", "Action": "kinesis:GetRecords", "Resource": "arn:aws:kinesis:*:*:stream/secret*"}
                ]}}
                """);
        server = TestServer.start(
                dir.resolve("data"), "--credentials-file", keys.toString(), "--policies-file", policies.toString());
        alice = as("AKIDALICE", "a");
        carol = as("AKIDCAROL", "c");
        bob = as("AKIDBOB", "b");
        alice.createStream(b -> b.streamName("orders").shardCount(1));
        alice.createStream(b -> b.streamName("secret-plans").shardCount(1));
        ordersArn = "arn:aws:kinesis:us-east-1:111111111111:stream/orders";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anIdentityPolicyLimitsItsKeyAndAnExplicitDenyWins() {
        assertThat(carol.describeStreamSummary(b -> b.streamName("orders"))
                        .streamDescriptionSummary()
                        .streamARN())
                .isEqualTo(ordersArn);
        assertThatThrownBy(() -> put(carol, "orders", null))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("User: arn:aws:iam::111111111111:user/AKIDCAROL is not authorized to perform:"
                        + " kinesis:PutRecord on resource: " + ordersArn)
                .hasMessageContaining("no identity-based policy allows the kinesis:PutRecord action");
        put(alice, "orders", null);
        put(alice, "secret-plans", null);
        assertThat(TestServer.firstShardData(carol, "orders")).hasSize(1);
        assertThatThrownBy(() -> TestServer.firstShardData(carol, "secret-plans"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("explicit deny in an identity-based policy");
    }

    @Test
    void anotherAccountNeedsTheResourcePolicyToAllowIt() {
        assertThatThrownBy(() -> put(bob, null, ordersArn)).isInstanceOf(AccessDeniedException.class);

        String policy = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                  "Action": ["kinesis:PutRecord", "kinesis:DescribeStreamSummary"],
                  "Resource": "%s"}]}
                """.formatted(ordersArn);
        alice.putResourcePolicy(b -> b.resourceARN(ordersArn).policy(policy));
        assertThat(alice.getResourcePolicy(b -> b.resourceARN(ordersArn)).policy())
                .isEqualTo(policy);

        put(bob, null, ordersArn);
        assertThat(bob.describeStreamSummary(b -> b.streamARN(ordersArn))
                        .streamDescriptionSummary()
                        .streamARN())
                .isEqualTo(ordersArn);
        assertThat(TestServer.firstShardData(alice, "orders")).containsExactly("from AKIDBOB");
        // what the policy does not name stays refused, and bob's own account has no such stream
        assertThatThrownBy(() -> bob.getShardIterator(b -> b.streamARN(ordersArn)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("no resource-based policy allows");
        assertThatThrownBy(() -> bob.describeStreamSummary(b -> b.streamName("orders")))
                .isInstanceOf(software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.class);

        alice.deleteResourcePolicy(b -> b.resourceARN(ordersArn));
        assertThatThrownBy(() -> put(bob, null, ordersArn)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void anotherAccountReadsByIteratorWhatThePolicyLetsItRead() {
        put(alice, "orders", null);
        bob.createStream(b -> b.streamName("orders").shardCount(1)); // same name, bob's own account
        put(bob, "orders", null);
        assertThatThrownBy(() -> iteratorByArn(bob)).isInstanceOf(AccessDeniedException.class);

        alice.putResourcePolicy(b -> b.resourceARN(ordersArn).policy("""
                {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "222222222222"},
                  "Action": ["kinesis:GetShardIterator", "kinesis:GetRecords"], "Resource": "%s"}]}
                """.formatted(ordersArn)));
        String it = iteratorByArn(bob);
        var first = bob.getRecords(b -> b.shardIterator(it));
        assertThat(first.records()).extracting(r -> r.data().asUtf8String()).containsExactly("from AKIDALICE");
        put(alice, "orders", null);
        assertThat(bob.getRecords(b -> b.shardIterator(first.nextShardIterator()))
                        .records())
                .hasSize(1);
        assertThat(TestServer.firstShardData(bob, "orders"))
                .as("bob's own stream of that name")
                .containsExactly("from AKIDBOB");

        alice.deleteResourcePolicy(b -> b.resourceARN(ordersArn));
        assertThatThrownBy(() -> bob.getRecords(b -> b.shardIterator(first.nextShardIterator())))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("kinesis:GetRecords on resource: " + ordersArn);
    }

    private String iteratorByArn(KinesisClient k) {
        return k.getShardIterator(b -> b.streamARN(ordersArn)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
    }

    @Test
    void aConsumersResourcePolicyLetsAnotherAccountUseIt() {
        String consumerArn = alice.registerStreamConsumer(
                        b -> b.streamARN(ordersArn).consumerName("shared"))
                .consumer()
                .consumerARN();
        assertThatThrownBy(() -> bob.describeStreamConsumer(b -> b.consumerARN(consumerArn)))
                .isInstanceOf(AccessDeniedException.class);
        alice.putResourcePolicy(b -> b.resourceARN(consumerArn)
                .policy("{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"222222222222\"},"
                        + " \"Action\": \"kinesis:DescribeStreamConsumer\", \"Resource\": \"" + consumerArn + "\"}]}"));
        assertThat(bob.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                        .consumerDescription()
                        .consumerName())
                .isEqualTo("shared");
        // the stream's own actions are still the stream policy's to allow
        assertThatThrownBy(() -> bob.describeStreamSummary(b -> b.streamARN(ordersArn)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> alice.putResourcePolicy(b -> b.resourceARN(ordersArn + "/consumer/none:1")
                        .policy("{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\","
                                + " \"Action\": \"kinesis:*\", \"Resource\": \"*\"}]}")))
                .isInstanceOf(software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.class);
    }

    @Test
    void aResourcePolicyDenyOverridesAnIdentityAllow() {
        alice.putResourcePolicy(b -> b.resourceARN(ordersArn).policy("""
                        {"Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111111111111:user/AKIDCAROL"},
                          "Action": "kinesis:Describe*", "Resource": "*"}]}
                        """));
        assertThatThrownBy(() -> carol.describeStreamSummary(b -> b.streamName("orders")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("explicit deny in a resource-based policy");
        assertThat(alice.describeStreamSummary(b -> b.streamName("orders"))).isNotNull();
    }

    @Test
    void aMalformedPolicyIsRefused() {
        assertThatThrownBy(() ->
                        alice.putResourcePolicy(b -> b.resourceARN(ordersArn).policy("{not json")))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> alice.putResourcePolicy(b -> b.resourceARN(ordersArn)
                        .policy("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"kinesis:*\","
                                + " \"Resource\": \"*\"}]}")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Principal");
    }

    private KinesisClient as(String key, String secret) {
        return server.sync(AwsBasicCredentials.create(key, secret));
    }

    private void put(KinesisClient k, String stream, String arn) {
        String from = k == bob ? "AKIDBOB" : k == carol ? "AKIDCAROL" : "AKIDALICE";
        k.putRecord(b -> {
            if (arn != null) {
                b.streamARN(arn);
            } else {
                b.streamName(stream);
            }
            b.partitionKey("k").data(SdkBytes.fromUtf8String("from " + from));
        });
    }
}
