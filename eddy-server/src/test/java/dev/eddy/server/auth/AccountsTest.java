package dev.eddy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/** Each access key acts for its account: ARNs name it, and accounts see only their own streams. */
class AccountsTest {
    @TempDir
    Path dir;

    TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private KinesisClient as(String key, String secret) {
        return server.sync(AwsBasicCredentials.create(key, secret));
    }

    @Test
    void sameNamesInTwoAccountsAreTwoStreamsThatNeverCross() throws IOException {
        Path keys = Files.writeString(
                dir.resolve("keys"), "AKIDALICE alice-secret 111111111111\nAKIDBOB bob-secret 222222222222\n");
        server = TestServer.start(dir.resolve("data"), "--credentials-file", keys.toString());
        KinesisClient alice = as("AKIDALICE", "alice-secret");
        KinesisClient bob = as("AKIDBOB", "bob-secret");

        alice.createStream(b -> b.streamName("orders").shardCount(1));
        bob.createStream(b -> b.streamName("orders").shardCount(3));
        alice.createStream(b -> b.streamName("only-alice").shardCount(1));

        String aliceArn = alice.describeStreamSummary(b -> b.streamName("orders"))
                .streamDescriptionSummary()
                .streamARN();
        assertThat(aliceArn).isEqualTo("arn:aws:kinesis:us-east-1:111111111111:stream/orders");
        assertThat(bob.describeStreamSummary(b -> b.streamName("orders"))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(3);
        assertThat(alice.listStreams().streamNames()).containsExactly("only-alice", "orders");
        assertThat(bob.listStreams().streamNames()).containsExactly("orders");
        // another account's stream by ARN: refused unless its resource policy allows (see AuthorizationTest)
        assertThatThrownBy(() -> bob.describeStreamSummary(b -> b.streamARN(aliceArn)))
                .isInstanceOf(software.amazon.awssdk.services.kinesis.model.AccessDeniedException.class);
        assertThatThrownBy(() -> bob.describeStreamSummary(b -> b.streamName("only-alice")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("222222222222");

        alice.putRecord(b -> b.streamName("orders").partitionKey("k").data(SdkBytes.fromUtf8String("for alice")));
        assertThat(TestServer.firstShardData(bob, "orders")).isEmpty();
        assertThat(TestServer.firstShardData(alice, "orders")).containsExactly("for alice");

        server.restart(); // each account's streams and records are where they were (and its clients closed)
        assertThat(TestServer.firstShardData(as("AKIDALICE", "alice-secret"), "orders"))
                .containsExactly("for alice");
        assertThat(as("AKIDBOB", "bob-secret").listStreams().streamNames()).containsExactly("orders");
    }

    @Test
    void withoutACredentialsFileATwelveDigitKeyIdNamesTheAccount() {
        server = TestServer.start(dir.resolve("data"));
        KinesisClient own = as("AKIDANYTHING", "x");
        KinesisClient other = as("333333333333", "x");
        other.createStream(b -> b.streamName("s").shardCount(1));
        assertThat(other.describeStreamSummary(b -> b.streamName("s"))
                        .streamDescriptionSummary()
                        .streamARN())
                .isEqualTo("arn:aws:kinesis:us-east-1:333333333333:stream/s");
        assertThat(own.listStreams().streamNames()).doesNotContain("s");
    }
}
