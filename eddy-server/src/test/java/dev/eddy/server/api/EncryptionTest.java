package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.KmsDisabledException;
import software.amazon.awssdk.services.kinesis.model.KmsNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Encryption at rest through the real clients: keys made and disabled with the AWS SDK's KMS
 * client against the built-in key store, StartStreamEncryption and StopStreamEncryption with the
 * Kinesis client, and the raw files of the data directory searched for the plaintext.
 */
class EncryptionTest {
    @TempDir
    Path dir;

    TestServer server;
    KinesisClient kinesis;
    KmsClient kms;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        connect();
    }

    private void connect() {
        kinesis = server.sync();
        if (kms != null) {
            kms.close();
        }
        kms = KmsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEDDYTEST", "s")))
                .httpClient(Apache5HttpClient.builder().build())
                .build();
    }

    @AfterEach
    void stop() {
        kms.close();
        server.close();
    }

    @Test
    void theKmsClientMakesAliasesAndListsTheDefaultKey() {
        KeyMetadata key = kms.createKey(b -> b.description("orders")).keyMetadata();
        assertThat(key.enabled()).isTrue();
        assertThat(key.arn()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + key.keyId());
        kms.createAlias(b -> b.aliasName("alias/orders").targetKeyId(key.keyId()));
        assertThat(kms.listAliases().aliases())
                .extracting(AliasListEntry::aliasName)
                .contains("alias/aws/kinesis", "alias/orders");
        assertThat(kms.describeKey(b -> b.keyId("alias/orders")).keyMetadata().keyId())
                .isEqualTo(key.keyId());
        assertThat(kms.listKeys().keys()).hasSize(2);
    }

    @Test
    void recordsWrittenWhileEncryptedAreNotOnDiskInTheClear() throws IOException {
        String key = kms.createKey(b -> b.description("s")).keyMetadata().keyId();
        kinesis.createStream(b -> b.streamName("sse").shardCount(1));
        put("plain-before-encryption");

        kinesis.startStreamEncryption(
                b -> b.streamName("sse").encryptionType(EncryptionType.KMS).keyId(key));
        var summary = kinesis.describeStreamSummary(b -> b.streamName("sse")).streamDescriptionSummary();
        assertThat(summary.encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(summary.keyId()).isEqualTo(key);
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String secret = "TOP-SECRET-PAYLOAD-" + i;
            secrets.add(secret);
            assertThat(kinesis.putRecord(
                                    b -> b.streamName("sse").partitionKey("k").data(SdkBytes.fromUtf8String(secret)))
                            .encryptionType())
                    .isEqualTo(EncryptionType.KMS);
        }
        kinesis.putRecords(b -> b.streamName("sse")
                .records(software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry.builder()
                        .partitionKey("k")
                        .data(SdkBytes.fromUtf8String("TOP-SECRET-BATCH"))
                        .build()));
        kinesis.stopStreamEncryption(
                b -> b.streamName("sse").encryptionType(EncryptionType.KMS).keyId(key));
        put("plain-after-encryption");

        List<Record> records = readAll("sse");
        assertThat(records).extracting(r -> r.data().asUtf8String()).containsSubsequence(secrets);
        assertThat(records.get(0).encryptionType()).isNull();
        assertThat(records.get(1).encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(records.get(records.size() - 1).data().asUtf8String()).isEqualTo("plain-after-encryption");

        assertThat(onDisk("plain-before-encryption"))
                .as("the search sees unencrypted records")
                .isTrue();
        assertThat(onDisk("plain-after-encryption")).isTrue();
        assertThat(onDisk("TOP-SECRET"))
                .as("plaintext of encrypted records on disk")
                .isFalse();

        server.restart(); // keys and encrypted records survive
        connect();
        assertThat(readAll("sse")).extracting(r -> r.data().asUtf8String()).containsSubsequence(secrets);
    }

    @Test
    void aDisabledKeyStopsWritesAndReadsUntilItIsEnabled() {
        String key = kms.createKey(b -> b.description("s")).keyMetadata().keyId();
        kinesis.createStream(b -> b.streamName("off").shardCount(1));
        kinesis.startStreamEncryption(
                b -> b.streamName("off").encryptionType(EncryptionType.KMS).keyId(key));
        put("SECRET", "off");

        kms.disableKey(b -> b.keyId(key));
        assertThat(kms.describeKey(b -> b.keyId(key)).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
        assertThatThrownBy(() -> put("more", "off")).isInstanceOf(KmsDisabledException.class);
        assertThatThrownBy(() -> readAll("off")).isInstanceOf(KmsDisabledException.class);

        kms.enableKey(b -> b.keyId(key));
        put("more", "off");
        assertThat(readAll("off")).extracting(r -> r.data().asUtf8String()).containsExactly("SECRET", "more");
    }

    @Test
    void unknownKeysAreKmsNotFound() {
        kinesis.createStream(b -> b.streamName("nf").shardCount(1));
        assertThatThrownBy(() -> kinesis.startStreamEncryption(b ->
                        b.streamName("nf").encryptionType(EncryptionType.KMS).keyId("alias/none")))
                .isInstanceOf(KmsNotFoundException.class)
                .hasMessageContaining("alias/none");
        assertThatThrownBy(() -> kinesis.startStreamEncryption(b -> b.streamName("nf")
                        .encryptionType(EncryptionType.KMS)
                        .keyId("00000000-0000-0000-0000-000000000000")))
                .isInstanceOf(KmsNotFoundException.class);
        // the AWS-managed default key is always there
        kinesis.startStreamEncryption(
                b -> b.streamName("nf").encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
        put("with the default key", "nf");
        assertThat(readAll("nf")).extracting(r -> r.data().asUtf8String()).containsExactly("with the default key");
    }

    private void put(String data) {
        put(data, "sse");
    }

    private void put(String data, String stream) {
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String(data)));
    }

    private List<Record> readAll(String stream) {
        String it = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return kinesis.getRecords(b -> b.shardIterator(it)).records();
    }

    /** Whether any file of the data directory contains {@code text}, byte for byte. */
    private boolean onDisk(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(p), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
