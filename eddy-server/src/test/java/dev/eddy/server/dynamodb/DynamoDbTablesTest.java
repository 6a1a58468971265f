package dev.eddy.server.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Tables through the SDK's DynamoDB client: creation and its checks, descriptions as KCL reads
 * them, listing and paging, billing and throughput changes, a global secondary index added to a
 * table that holds items (filled from them, CREATING until the state delay has passed), deletion
 * and its protection, tags, time to live and backup settings.
 */
class DynamoDbTablesTest {
    @TempDir
    Path dir;

    TestServer server;
    DynamoDbClient ddb;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, "--state-delay-ms", "1000");
        ddb = server.dynamo();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static AttributeDefinition def(String name, String type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static String message(DynamoDbException e) {
        return e.awsErrorDetails().errorMessage();
    }

    DynamoDbException failure(Runnable r) {
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class, r::run);
        assertThat(e).as("the call should fail").isNotNull();
        return e;
    }

    TableDescription describe(String name) {
        return ddb.describeTable(b -> b.tableName(name)).table();
    }

    void activate() {
        server.clock.advance(1_000);
    }

    @Test
    void aTableIsCreatingThenActiveAndDescribedAsKclReadsIt() {
        TableDescription created = ddb.createTable(b -> b.tableName("leases")
                        .attributeDefinitions(def("leaseKey", "S"))
                        .keySchema(key("leaseKey", KeyType.HASH))
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .deletionProtectionEnabled(false))
                .tableDescription();
        assertThat(created.tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(created.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/leases");
        assertThat(created.provisionedThroughput().readCapacityUnits()).isZero();
        assertThat(created.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(created.tableId()).matches("[0-9a-f-]{36}");
        ResourceNotFoundException early = catchThrowableOfType(
                ResourceNotFoundException.class,
                () -> ddb.getItem(b -> b.tableName("leases").key(Map.of("leaseKey", AttributeValue.fromS("a")))));
        assertThat(message(early)).isEqualTo("Requested resource not found");
        activate();
        TableDescription t = describe("leases");
        assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(t.tableSizeBytes()).isZero();
        assertThat(t.deletionProtectionEnabled()).isFalse();
        ddb.putItem(b -> b.tableName("leases").item(Map.of("leaseKey", AttributeValue.fromS("a"))));
        assertThat(describe("leases").itemCount()).isEqualTo(1);
        assertThat(describe("leases").tableSizeBytes()).isEqualTo("leaseKey".length() + 1);
        ResourceInUseException again = catchThrowableOfType(
                ResourceInUseException.class,
                () -> ddb.createTable(b -> b.tableName("leases")
                        .attributeDefinitions(def("leaseKey", "S"))
                        .keySchema(key("leaseKey", KeyType.HASH))
                        .billingMode(BillingMode.PAY_PER_REQUEST)));
        assertThat(message(again)).isEqualTo("Table already exists: leases");
        assertThat(message(failure(() -> ddb.describeTable(b -> b.tableName("nope")))))
                .isEqualTo("Requested resource not found: Table: nope not found");
    }

    @Test
    void creationIsCheckedAsDynamoDbChecksIt() {
        assertThat(message(failure(() -> ddb.createTable(b -> b.tableName("t-one")
                        .attributeDefinitions(def("a", "S"))
                        .keySchema(key("a", KeyType.HASH))
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))))))
                .isEqualTo("One or more parameter values were invalid: Neither ReadCapacityUnits nor"
                        + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        assertThat(message(failure(() -> ddb.createTable(b ->
                        b.tableName("t-one").attributeDefinitions(def("a", "S")).keySchema(key("a", KeyType.HASH))))))
                .isEqualTo("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must"
                        + " both be specified when BillingMode is PROVISIONED");
        assertThat(message(failure(() -> ddb.createTable(b -> b.tableName("t-one")
                        .attributeDefinitions(def("b", "S"))
                        .keySchema(key("a", KeyType.HASH))
                        .billingMode(BillingMode.PAY_PER_REQUEST)))))
                .isEqualTo("One or more parameter values were invalid: Some index key attributes are not defined in"
                        + " AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]");
        assertThat(message(failure(() -> ddb.createTable(b -> b.tableName("t-one")
                        .attributeDefinitions(def("a", "S"), def("b", "S"))
                        .keySchema(key("a", KeyType.HASH))
                        .billingMode(BillingMode.PAY_PER_REQUEST)))))
                .isEqualTo("One or more parameter values were invalid: Number of attributes in KeySchema does not"
                        + " exactly match number of attributes defined in AttributeDefinitions");
        assertThat(message(failure(() -> ddb.createTable(b -> b.tableName("t-one")
                        .attributeDefinitions(def("a", "S"), def("b", "S"))
                        .keySchema(key("a", KeyType.RANGE), key("b", KeyType.HASH))
                        .billingMode(BillingMode.PAY_PER_REQUEST)))))
                .isEqualTo("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        assertThat(message(failure(() -> ddb.createTable(b -> b.tableName("bad name!")
                        .attributeDefinitions(def("a", "S"))
                        .keySchema(key("a", KeyType.HASH))
                        .billingMode(BillingMode.PAY_PER_REQUEST)))))
                .isEqualTo("1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }

    @Test
    void listTablesPagesInNameOrder() {
        for (String n : List.of("b-table", "a-table", "C-table", "d-table")) {
            Tables.create(ddb, n, "k", "S", null, null);
        }
        var first = ddb.listTables(b -> b.limit(2));
        assertThat(first.tableNames()).containsExactly("C-table", "a-table");
        assertThat(first.lastEvaluatedTableName()).isEqualTo("a-table");
        var rest = ddb.listTables(b -> b.exclusiveStartTableName("a-table").limit(2));
        assertThat(rest.tableNames()).containsExactly("b-table", "d-table");
        assertThat(rest.lastEvaluatedTableName()).isNull();
        List<String> all = new ArrayList<>();
        ddb.listTablesPaginator(b -> b.limit(1)).tableNames().forEach(all::add);
        assertThat(all).containsExactly("C-table", "a-table", "b-table", "d-table");
    }

    @Test
    void aGlobalIndexAddedLaterIsFilledFromTheItemsAndIsSparse() {
        Tables.create(ddb, "kcl", "leaseKey", "S", null, null);
        activate();
        for (int i = 0; i < 30; i++) {
            int n = i;
            ddb.putItem(b -> b.tableName("kcl")
                    .item(
                            n % 3 == 0
                                    ? Map.of("leaseKey", AttributeValue.fromS("shard-" + n)) // unassigned: not indexed
                                    : Map.of(
                                            "leaseKey", AttributeValue.fromS("shard-" + n),
                                            "leaseOwner", AttributeValue.fromS("worker-" + n % 3))));
        }
        // exactly what KCL 3 sends (no throughput on an on-demand table)
        TableDescription updated = ddb.updateTable(b -> b.tableName("kcl")
                        .attributeDefinitions(def("leaseOwner", "S"), def("leaseKey", "S"))
                        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                                .create(c -> c.indexName("LeaseOwnerToLeaseKeyIndex")
                                        .keySchema(key("leaseOwner", KeyType.HASH), key("leaseKey", KeyType.RANGE))
                                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                                .build()))
                .tableDescription();
        GlobalSecondaryIndexDescription index = updated.globalSecondaryIndexes().get(0);
        assertThat(index.indexStatus()).isEqualTo(IndexStatus.CREATING);
        assertThat(updated.tableStatus()).isEqualTo(TableStatus.UPDATING);
        LimitExceededException second = catchThrowableOfType(
                LimitExceededException.class,
                () -> ddb.updateTable(b -> b.tableName("kcl")
                        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                                .delete(d -> d.indexName("LeaseOwnerToLeaseKeyIndex"))
                                .build())));
        assertThat(message(second))
                .isEqualTo("Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously"
                        + " per table");
        activate();
        TableDescription t = describe("kcl");
        assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(t.globalSecondaryIndexes().get(0).indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        assertThat(t.globalSecondaryIndexes().get(0).itemCount()).isEqualTo(20);
        var owned = ddb.query(b -> b.tableName("kcl")
                .indexName("LeaseOwnerToLeaseKeyIndex")
                .keyConditionExpression("leaseOwner = :o")
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("worker-1"))));
        assertThat(owned.count()).isEqualTo(10);
        assertThat(owned.items()).allSatisfy(item -> assertThat(item).containsOnlyKeys("leaseKey", "leaseOwner"));
        // the index follows later writes
        ddb.updateItem(b -> b.tableName("kcl")
                .key(Map.of("leaseKey", AttributeValue.fromS("shard-0")))
                .updateExpression("SET leaseOwner = :o")
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("worker-1"))));
        assertThat(ddb.query(b -> b.tableName("kcl")
                                .indexName("LeaseOwnerToLeaseKeyIndex")
                                .keyConditionExpression("leaseOwner = :o")
                                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("worker-1"))))
                        .count())
                .isEqualTo(11);
        assertThat(message(failure(() -> ddb.query(b -> b.tableName("kcl")
                        .indexName("nope")
                        .keyConditionExpression("leaseOwner = :o")
                        .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("w")))))))
                .isEqualTo("The table does not have the specified index: nope");
        ddb.updateTable(b -> b.tableName("kcl")
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                        .delete(d -> d.indexName("LeaseOwnerToLeaseKeyIndex"))
                        .build()));
        assertThat(describe("kcl").globalSecondaryIndexes().get(0).indexStatus())
                .isEqualTo(IndexStatus.DELETING);
        activate();
        assertThat(describe("kcl").hasGlobalSecondaryIndexes()).isFalse();
    }

    @Test
    void billingAndThroughputChangeAndEqualThroughputIsRefused() {
        ddb.createTable(b -> b.tableName("prov")
                .attributeDefinitions(def("k", "S"))
                .keySchema(key("k", KeyType.HASH))
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L)));
        activate();
        assertThat(message(failure(() -> ddb.updateTable(b -> b.tableName("prov")
                        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))))))
                .startsWith("The provisioned throughput for the table will not change. The requested value equals the"
                        + " current value.");
        TableDescription up = ddb.updateTable(b -> b.tableName("prov")
                        .provisionedThroughput(p -> p.readCapacityUnits(10L).writeCapacityUnits(5L)))
                .tableDescription();
        assertThat(up.tableStatus()).isEqualTo(TableStatus.UPDATING);
        activate();
        TableDescription t = describe("prov");
        assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(10);
        assertThat(t.provisionedThroughput().lastIncreaseDateTime()).isNotNull();
        ddb.updateTable(b -> b.tableName("prov").billingMode(BillingMode.PAY_PER_REQUEST));
        activate();
        assertThat(describe("prov").billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(message(failure(() -> ddb.updateTable(b -> b.tableName("prov")))))
                .startsWith("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled,"
                        + " GlobalSecondaryIndexUpdates");
    }

    @Test
    void deletionIsRefusedWhileProtectedAndTheTableIsDeletingForTheStateDelay() {
        ddb.createTable(b -> b.tableName("keep")
                .attributeDefinitions(def("k", "S"))
                .keySchema(key("k", KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .deletionProtectionEnabled(true));
        assertThat(message(failure(() -> ddb.deleteTable(b -> b.tableName("keep")))))
                .isEqualTo("Attempt to change a resource which is still in use: Table is being created: keep");
        activate();
        assertThat(message(failure(() -> ddb.deleteTable(b -> b.tableName("keep")))))
                .isEqualTo("Resource cannot be deleted as it is currently protected against deletion. Disable deletion"
                        + " protection first.");
        ddb.updateTable(b -> b.tableName("keep").deletionProtectionEnabled(false));
        TableDescription deleting = ddb.deleteTable(b -> b.tableName("keep")).tableDescription();
        assertThat(deleting.tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(describe("keep").tableStatus()).isEqualTo(TableStatus.DELETING);
        activate();
        server.housekeeping();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ddb.listTables().tableNames().contains("keep") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ddb.listTables().tableNames()).doesNotContain("keep");
        assertThat(message(failure(() -> ddb.deleteTable(b -> b.tableName("keep")))))
                .isEqualTo("Requested resource not found: Table: keep not found");
    }

    @Test
    void tagsTimeToLiveAndBackupSettingsAreKeptAndDescribed() {
        Tables.create(ddb, "meta", "k", "S", null, null);
        activate();
        String arn = describe("meta").tableArn();
        ddb.tagResource(b -> b.resourceArn(arn)
                .tags(Tag.builder().key("team").value("streams").build()));
        ddb.tagResource(b ->
                b.resourceArn(arn).tags(Tag.builder().key("env").value("ci").build()));
        ddb.untagResource(b -> b.resourceArn(arn).tagKeys("env"));
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .containsExactly(Tag.builder().key("team").value("streams").build());
        assertThat(message(failure(() -> ddb.tagResource(b -> b.resourceArn(arn)
                        .tags(Tag.builder().key("aws:x").value("v").build())))))
                .isEqualTo("Tag Key cannot be prefixed with aws:, Key: aws:x");
        assertThat(ddb.describeTimeToLive(b -> b.tableName("meta"))
                        .timeToLiveDescription()
                        .timeToLiveStatusAsString())
                .isEqualTo("DISABLED");
        ddb.updateTimeToLive(b -> b.tableName("meta")
                .timeToLiveSpecification(s -> s.attributeName("exp").enabled(true)));
        assertThat(message(failure(() -> ddb.updateTimeToLive(b -> b.tableName("meta")
                        .timeToLiveSpecification(s -> s.attributeName("exp").enabled(true))))))
                .isEqualTo("TimeToLive is already enabled");
        assertThat(message(failure(() -> ddb.updateTimeToLive(b -> b.tableName("meta")
                        .timeToLiveSpecification(s -> s.attributeName("other").enabled(true))))))
                .isEqualTo("TimeToLive is active on a different AttributeName: current AttributeName is exp");
        assertThat(ddb.describeTimeToLive(b -> b.tableName("meta"))
                        .timeToLiveDescription()
                        .attributeName())
                .isEqualTo("exp");
        ddb.updateContinuousBackups(
                b -> b.tableName("meta").pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        assertThat(ddb.describeContinuousBackups(b -> b.tableName("meta"))
                        .continuousBackupsDescription()
                        .pointInTimeRecoveryDescription()
                        .pointInTimeRecoveryStatusAsString())
                .isEqualTo("ENABLED");
    }

    @Test
    void tablesItemsAndIndexesSurviveARestart() {
        Tables.create(ddb, "durable", "k", "S", null, null);
        activate();
        ddb.updateTable(b -> b.tableName("durable")
                .attributeDefinitions(def("g", "S"))
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                        .create(c -> c.indexName("byG")
                                .keySchema(key("g", KeyType.HASH))
                                .projection(p -> p.projectionType(ProjectionType.ALL)))
                        .build()));
        for (int i = 0; i < 50; i++) {
            int n = i;
            ddb.putItem(b -> b.tableName("durable")
                    .item(Map.of("k", AttributeValue.fromS("k" + n), "g", AttributeValue.fromS("g" + n % 5))));
        }
        ddb.deleteItem(b -> b.tableName("durable").key(Map.of("k", AttributeValue.fromS("k0"))));
        server.restart();
        ddb = server.dynamo();
        activate();
        TableDescription t = describe("durable");
        assertThat(t.itemCount()).isEqualTo(49);
        assertThat(t.globalSecondaryIndexes().get(0).itemCount()).isEqualTo(49);
        assertThat(ddb.query(b -> b.tableName("durable")
                                .indexName("byG")
                                .keyConditionExpression("g = :g")
                                .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("g1"))))
                        .count())
                .isEqualTo(10);
        assertThat(ddb.getItem(b -> b.tableName("durable").key(Map.of("k", AttributeValue.fromS("k0"))))
                        .hasItem())
                .isFalse();
    }
}
