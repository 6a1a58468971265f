package dev.eddy.server.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Batches and transactions through the SDK's DynamoDB client: BatchWriteItem and BatchGetItem over
 * two tables, their duplicate and size rules; TransactWriteItems all or nothing, with one
 * cancellation reason per action (and the item when asked), idempotent tokens; TransactGetItems;
 * and time to live expiring items on the server's clock.
 */
class DynamoDbBatchTransactTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static DynamoDbClient ddb;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        ddb = server.dynamo();
        Tables.create(ddb, "accounts", "id", "S", null, null);
        Tables.create(ddb, "audit", "id", "S", null, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static Map<String, AttributeValue> id(String id) {
        return Map.of("id", s(id));
    }

    static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item).build())
                .build();
    }

    @Test
    void batchesWriteAndReadAcrossTables() {
        List<WriteRequest> accounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            accounts.add(put(Map.of("id", s("b" + i), "balance", n("100"))));
        }
        var written = ddb.batchWriteItem(b ->
                b.requestItems(Map.of("accounts", accounts, "audit", List.of(put(Map.of("id", s("log1")))))));
        assertThat(written.unprocessedItems()).isEmpty();
        var read = ddb.batchGetItem(b -> b.requestItems(Map.of(
                "accounts",
                KeysAndAttributes.builder()
                        .keys(List.of(id("b1"), id("b2"), id("missing")))
                        .projectionExpression("id")
                        .build(),
                "audit",
                KeysAndAttributes.builder().keys(List.of(id("log1"))).build())));
        assertThat(read.responses().get("accounts")).containsExactlyInAnyOrder(id("b1"), id("b2"));
        assertThat(read.responses().get("audit")).containsExactly(id("log1"));
        assertThat(read.unprocessedKeys()).isEmpty();
        DynamoDbException dup = catchThrowableOfType(
                DynamoDbException.class,
                () -> ddb.batchWriteItem(b -> b.requestItems(Map.of(
                        "accounts", List.of(put(id("d")), put(Map.of("id", s("d"), "x", n("1"))))))));
        assertThat(dup.awsErrorDetails().errorMessage()).isEqualTo("Provided list of item keys contains duplicates");
        List<WriteRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            tooMany.add(put(id("t" + i)));
        }
        DynamoDbException many = catchThrowableOfType(
                DynamoDbException.class, () -> ddb.batchWriteItem(b -> b.requestItems(Map.of("accounts", tooMany))));
        assertThat(many.awsErrorDetails().errorMessage())
                .startsWith("1 validation error detected: ")
                .contains("requestItems")
                .contains("Member must have length less than or equal to 25");
    }

    @Test
    void aTransactionAppliesEverythingOrNothingAndSaysWhichConditionFailed() {
        ddb.putItem(b -> b.tableName("accounts").item(Map.of("id", s("alice"), "balance", n("50"))));
        ddb.putItem(b -> b.tableName("accounts").item(Map.of("id", s("bob"), "balance", n("10"))));
        TransactWriteItem debit = TransactWriteItem.builder()
                .update(u -> u.tableName("accounts")
                        .key(id("alice"))
                        .updateExpression("SET balance = balance - :amt")
                        .conditionExpression("balance >= :amt")
                        .expressionAttributeValues(Map.of(":amt", n("80")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                .build();
        TransactWriteItem credit = TransactWriteItem.builder()
                .update(u -> u.tableName("accounts")
                        .key(id("bob"))
                        .updateExpression("SET balance = balance + :amt")
                        .expressionAttributeValues(Map.of(":amt", n("80"))))
                .build();
        TransactWriteItem log = TransactWriteItem.builder()
                .put(p -> p.tableName("audit")
                        .item(Map.of("id", s("t1")))
                        .conditionExpression("attribute_not_exists(id)"))
                .build();
        TransactionCanceledException e = catchThrowableOfType(
                TransactionCanceledException.class,
                () -> ddb.transactWriteItems(b -> b.transactItems(debit, credit, log)));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Transaction cancelled, please refer cancellation reasons for specific reasons"
                        + " [ConditionalCheckFailed, None, None]");
        assertThat(e.cancellationReasons())
                .extracting(CancellationReason::code)
                .containsExactly("ConditionalCheckFailed", "None", "None");
        assertThat(e.cancellationReasons().get(0).item()).containsEntry("balance", n("50"));
        assertThat(balance("bob")).isEqualTo("10");
        assertThat(ddb.getItem(b -> b.tableName("audit").key(id("t1"))).hasItem())
                .isFalse();

        TransactWriteItem smaller = debit.toBuilder()
                .update(debit.update().toBuilder()
                        .expressionAttributeValues(Map.of(":amt", n("30")))
                        .build())
                .build();
        TransactWriteItem creditSmaller = credit.toBuilder()
                .update(credit.update().toBuilder()
                        .expressionAttributeValues(Map.of(":amt", n("30")))
                        .build())
                .build();
        ddb.transactWriteItems(b -> b.transactItems(smaller, creditSmaller, log).clientRequestToken("tx-1"));
        assertThat(balance("alice")).isEqualTo("20");
        assertThat(balance("bob")).isEqualTo("40");
        // the same token and request again, within ten minutes: answered, not applied twice
        ddb.transactWriteItems(b -> b.transactItems(smaller, creditSmaller, log).clientRequestToken("tx-1"));
        assertThat(balance("alice")).isEqualTo("20");
        IdempotentParameterMismatchException mismatch = catchThrowableOfType(
                IdempotentParameterMismatchException.class,
                () -> ddb.transactWriteItems(b -> b.transactItems(debit, credit).clientRequestToken("tx-1")));
        assertThat(mismatch).isNotNull();
        DynamoDbException twice = catchThrowableOfType(
                DynamoDbException.class, () -> ddb.transactWriteItems(b -> b.transactItems(smaller, smaller)));
        assertThat(twice.awsErrorDetails().errorMessage())
                .isEqualTo("Transaction request cannot include multiple operations on one item");
        var got = ddb.transactGetItems(b -> b.transactItems(
                        TransactGetItem.builder()
                                .get(g -> g.tableName("accounts").key(id("alice")))
                                .build(),
                        TransactGetItem.builder()
                                .get(g -> g.tableName("accounts").key(id("nobody")))
                                .build()))
                .responses();
        assertThat(got.get(0).item()).containsEntry("balance", n("20"));
        assertThat(got.get(1).hasItem()).isFalse();
    }

    static String balance(String who) {
        return ddb.getItem(b -> b.tableName("accounts").key(id(who)))
                .item()
                .get("balance")
                .n();
    }

    @Test
    void itemsPastTheirTimeToLiveAreDeletedOnTheServersClock() throws InterruptedException {
        Tables.create(ddb, "sessions", "id", "S", null, null);
        ddb.updateTimeToLive(b -> b.tableName("sessions")
                .timeToLiveSpecification(t -> t.attributeName("expires").enabled(true)));
        long now = server.clock.millis() / 1000;
        ddb.putItem(b -> b.tableName("sessions").item(Map.of("id", s("old"), "expires", n(Long.toString(now + 60)))));
        ddb.putItem(b ->
                b.tableName("sessions").item(Map.of("id", s("young"), "expires", n(Long.toString(now + 7200)))));
        ddb.putItem(b -> b.tableName("sessions").item(Map.of("id", s("text"), "expires", s("soon"))));
        server.housekeeping();
        assertThat(ddb.getItem(b -> b.tableName("sessions").key(id("old"))).hasItem())
                .isTrue();
        server.clock.advance(120_000);
        server.housekeeping();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ddb.getItem(b -> b.tableName("sessions").key(id("old"))).hasItem() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ddb.getItem(b -> b.tableName("sessions").key(id("old"))).hasItem())
                .isFalse();
        assertThat(ddb.getItem(b -> b.tableName("sessions").key(id("young"))).hasItem())
                .isTrue();
        assertThat(ddb.getItem(b -> b.tableName("sessions").key(id("text"))).hasItem())
                .isTrue();
    }
}
