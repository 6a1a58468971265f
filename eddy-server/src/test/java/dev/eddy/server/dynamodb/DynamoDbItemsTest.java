package dev.eddy.server.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Item operations through the AWS SDK for Java v2's DynamoDB client: conditions, update
 * expressions and their semantics, return values, the legacy parameters KCL sends, and DynamoDB's
 * exact errors for bad requests.
 */
class DynamoDbItemsTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static DynamoDbClient ddb;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        ddb = server.dynamo();
        Tables.create(ddb, "items", "pk", "S", null, null);
        Tables.create(ddb, "sorted", "pk", "S", "sk", "N");
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

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    static Map<String, AttributeValue> get(String pk) {
        return ddb.getItem(b -> b.tableName("items").key(key(pk)).consistentRead(true))
                .item();
    }

    static String message(DynamoDbException e) {
        return e.awsErrorDetails().errorMessage();
    }

    static DynamoDbException failure(Runnable call) {
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class, call::run);
        assertThat(e).as("the call should fail").isNotNull();
        return e;
    }

    @Test
    void putReplacesTheWholeItemAndGetReadsItBack() {
        ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "x", n("1"), "y", s("old"))));
        ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "x", n("2"))));
        assertThat(get("a")).isEqualTo(Map.of("pk", s("a"), "x", n("2")));
        assertThat(ddb.getItem(b -> b.tableName("items").key(key("missing"))).hasItem())
                .isFalse();
    }

    @Test
    void everyAttributeTypeRoundTripsAndNumbersComeBackNormalised() {
        Map<String, AttributeValue> item = Map.of(
                "pk", s("types"),
                "s", s(""),
                "n", n("001.500"),
                "big", n("1E+3"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bin")),
                "bool", AttributeValue.fromBool(true),
                "nul", AttributeValue.fromNul(true),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(n("1"), s("two"))))),
                "ss", AttributeValue.fromSs(List.of("x", "y")),
                "ns", AttributeValue.fromNs(List.of("1", "2.50")));
        ddb.putItem(b -> b.tableName("items").item(item));
        Map<String, AttributeValue> back = get("types");
        assertThat(back.get("n")).isEqualTo(n("1.5"));
        assertThat(back.get("big")).isEqualTo(n("1000"));
        assertThat(back.get("s")).isEqualTo(s(""));
        assertThat(back.get("b").b().asUtf8String()).isEqualTo("bin");
        assertThat(back.get("bool").bool()).isTrue();
        assertThat(back.get("nul").nul()).isTrue();
        assertThat(back.get("m").m().get("inner").l()).containsExactly(n("1"), s("two"));
        assertThat(back.get("ss").ss()).containsExactlyInAnyOrder("x", "y");
        assertThat(back.get("ns").ns()).containsExactlyInAnyOrder("1", "2.5");
    }

    @Test
    void conditionalPutsAndDeletesFailWithTheOldItemWhenAsked() {
        ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("c"), "v", n("1"))));
        ConditionalCheckFailedException e = catchThrowableOfType(
                ConditionalCheckFailedException.class,
                () -> ddb.putItem(b -> b.tableName("items")
                        .item(Map.of("pk", s("c"), "v", n("9")))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(message(e)).isEqualTo("The conditional request failed");
        assertThat(e.item()).isEqualTo(Map.of("pk", s("c"), "v", n("1")));
        assertThat(get("c").get("v")).isEqualTo(n("1"));
        ConditionalCheckFailedException bare = catchThrowableOfType(
                ConditionalCheckFailedException.class,
                () -> ddb.deleteItem(b -> b.tableName("items")
                        .key(key("c"))
                        .conditionExpression("v > :v")
                        .expressionAttributeValues(Map.of(":v", n("5")))));
        assertThat(bare.hasItem()).isFalse();
        var deleted = ddb.deleteItem(b -> b.tableName("items")
                .key(key("c"))
                .conditionExpression("v = :v")
                .expressionAttributeValues(Map.of(":v", n("1")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(deleted.attributes()).isEqualTo(Map.of("pk", s("c"), "v", n("1")));
        assertThat(get("c")).isEmpty();
    }

    @Test
    void updateExpressionsSetArithmeticIfNotExistsListAppendRemoveAddAndDelete() {
        ddb.putItem(b -> b.tableName("items")
                .item(Map.of(
                        "pk", s("u"),
                        "count", n("10"),
                        "letters", AttributeValue.fromL(List.of(s("a"), s("b"))),
                        "queue1", AttributeValue.fromL(List.of(s("a"), s("b"), s("c"), s("d"))),
                        "tags", AttributeValue.fromSs(List.of("x", "y", "z")),
                        "labels", AttributeValue.fromSs(List.of("x", "y")),
                        "gone", s("soon"),
                        "doc", AttributeValue.fromM(Map.of("level2", n("1"))))));
        var r = ddb.updateItem(b -> b.tableName("items")
                .key(key("u"))
                .updateExpression(
                        "SET #c = #c + :d, fresh = if_not_exists(fresh, :zero), letters = list_append(letters,"
                                + " :more), doc.level2 = doc.level2 - :d REMOVE gone, queue1[1], queue1[3] ADD visits :one, tags :w DELETE"
                                + " labels :x")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(
                        ":d", n("3"),
                        ":zero", n("0"),
                        ":more", AttributeValue.fromL(List.of(s("e"))),
                        ":one", n("1"),
                        ":w", AttributeValue.fromSs(List.of("w")),
                        ":x", AttributeValue.fromSs(List.of("x"))))
                .returnValues(ReturnValue.UPDATED_NEW));
        Map<String, AttributeValue> item = get("u");
        assertThat(item.get("count")).isEqualTo(n("13"));
        assertThat(item.get("fresh")).isEqualTo(n("0"));
        assertThat(item.get("visits")).isEqualTo(n("1"));
        assertThat(item).doesNotContainKey("gone");
        assertThat(item.get("letters").l()).containsExactly(s("a"), s("b"), s("e"));
        // indexes name elements of the list as it was: removing [1] and [3] leaves a and c
        assertThat(item.get("queue1").l()).containsExactly(s("a"), s("c"));
        assertThat(item.get("doc").m().get("level2")).isEqualTo(n("-2"));
        assertThat(item.get("tags").ss()).containsExactlyInAnyOrder("x", "y", "z", "w");
        assertThat(item.get("labels").ss()).containsExactly("y");
        assertThat(r.attributes())
                .containsKeys("count", "fresh", "visits", "doc")
                .doesNotContainKey("gone");
        assertThat(r.attributes().get("doc").m()).isEqualTo(Map.of("level2", n("-2")));
    }

    @Test
    void updateCreatesAMissingItemFromItsKeyAndReturnsWhatWasAskedFor() {
        var created = ddb.updateItem(b -> b.tableName("items")
                .key(key("new"))
                .updateExpression("SET a = :a")
                .expressionAttributeValues(Map.of(":a", n("1")))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(created.attributes()).isEqualTo(Map.of("pk", s("new"), "a", n("1")));
        var old = ddb.updateItem(b -> b.tableName("items")
                .key(key("new"))
                .updateExpression("SET a = :a, b = :a")
                .expressionAttributeValues(Map.of(":a", n("2")))
                .returnValues(ReturnValue.UPDATED_OLD));
        assertThat(old.attributes()).isEqualTo(Map.of("a", n("1")));
        var all = ddb.updateItem(b -> b.tableName("items")
                .key(key("new"))
                .updateExpression("REMOVE b")
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(all.attributes()).isEqualTo(Map.of("pk", s("new"), "a", n("2"), "b", n("2")));
    }

    @Test
    void updatesThatCannotApplyGetDynamoDbsRuntimeErrors() {
        ddb.putItem(b -> b.tableName("items")
                .item(Map.of("pk", s("r"), "str", s("x"), "list", AttributeValue.fromL(List.of()))));
        assertThat(message(failure(() -> ddb.updateItem(b -> b.tableName("items")
                        .key(key("r"))
                        .updateExpression("SET v = str + :one")
                        .expressionAttributeValues(Map.of(":one", n("1")))))))
                .isEqualTo("An operand in the update expression has an incorrect data type");
        assertThat(message(failure(() ->
                        ddb.updateItem(b -> b.tableName("items").key(key("r")).updateExpression("SET v = nothere")))))
                .isEqualTo("The provided expression refers to an attribute that does not exist in the item");
        assertThat(message(failure(() -> ddb.updateItem(b -> b.tableName("items")
                        .key(key("r"))
                        .updateExpression("SET absent.child = :one")
                        .expressionAttributeValues(Map.of(":one", n("1")))))))
                .isEqualTo("The document path provided in the update expression is invalid for update");
        assertThat(message(failure(() -> ddb.updateItem(b -> b.tableName("items")
                        .key(key("r"))
                        .updateExpression("SET pk = :one")
                        .expressionAttributeValues(Map.of(":one", s("other")))))))
                .isEqualTo("One or more parameter values were invalid: Cannot update attribute pk. This attribute is"
                        + " part of the key");
    }

    @Test
    void kclsLegacyLeaseUpdatesWorkAsTheApiReferenceSays() {
        ddb.putItem(b -> b.tableName("items")
                .item(Map.of("pk", s("lease"), "leaseCounter", n("0"), "checkpoint", s("TRIM_HORIZON")))
                .expected(Map.of(
                        "pk", ExpectedAttributeValue.builder().exists(false).build())));
        ConditionalCheckFailedException exists = catchThrowableOfType(
                ConditionalCheckFailedException.class,
                () -> ddb.putItem(b -> b.tableName("items")
                        .item(Map.of("pk", s("lease")))
                        .expected(Map.of(
                                "pk",
                                ExpectedAttributeValue.builder().exists(false).build()))));
        assertThat(exists).isNotNull();
        // renew: counter must match, owner must be absent; PUT the next counter, ADD a number
        ddb.updateItem(b -> b.tableName("items")
                .key(key("lease"))
                .expected(Map.of(
                        "leaseCounter",
                                ExpectedAttributeValue.builder().value(n("0")).build(),
                        "checkpointOwner",
                                ExpectedAttributeValue.builder().exists(false).build()))
                .attributeUpdates(Map.of(
                        "leaseCounter",
                                AttributeValueUpdate.builder()
                                        .value(n("1"))
                                        .action(AttributeAction.PUT)
                                        .build(),
                        "ownerSwitches",
                                AttributeValueUpdate.builder()
                                        .value(n("1"))
                                        .action(AttributeAction.ADD)
                                        .build(),
                        "pendingCheckpoint",
                                AttributeValueUpdate.builder()
                                        .action(AttributeAction.DELETE)
                                        .build(),
                        "childShardIds",
                                AttributeValueUpdate.builder()
                                        .value(AttributeValue.fromSs(List.of("shardId-000000000002")))
                                        .action(AttributeAction.PUT)
                                        .build())));
        Map<String, AttributeValue> lease = get("lease");
        assertThat(lease.get("leaseCounter")).isEqualTo(n("1"));
        assertThat(lease.get("ownerSwitches")).isEqualTo(n("1"));
        assertThat(lease).doesNotContainKey("pendingCheckpoint");
        ConditionalCheckFailedException stale = catchThrowableOfType(
                ConditionalCheckFailedException.class,
                () -> ddb.updateItem(b -> b.tableName("items")
                        .key(key("lease"))
                        .expected(Map.of(
                                "leaseCounter",
                                ExpectedAttributeValue.builder().value(n("0")).build()))
                        .attributeUpdates(Map.of(
                                "leaseCounter",
                                AttributeValueUpdate.builder()
                                        .value(n("2"))
                                        .action(AttributeAction.PUT)
                                        .build()))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(stale.item().get("leaseCounter")).isEqualTo(n("1"));
    }

    @Test
    void badExpressionsGetDynamoDbsMessages() {
        assertThat(message(failure(() -> ddb.updateItem(b -> b.tableName("items")
                        .key(key("e"))
                        .updateExpression("SET #a = :v1, #b = :v2,")
                        .expressionAttributeNames(Map.of("#a", "a", "#b", "b"))
                        .expressionAttributeValues(Map.of(":v1", n("1"), ":v2", n("2")))))))
                .isEqualTo("Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"");
        assertThat(message(failure(() ->
                        ddb.updateItem(b -> b.tableName("items").key(key("e")).updateExpression("SET hits : incr")))))
                .isEqualTo("Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"");
        assertThat(message(failure(() -> ddb.putItem(b -> b.tableName("items")
                        .item(key("e"))
                        .conditionExpression("#missing = :v")
                        .expressionAttributeValues(Map.of(":v", n("1")))))))
                .isEqualTo("Invalid ConditionExpression: An expression attribute name used in the document path is"
                        + " not defined; attribute name: #missing");
        assertThat(message(failure(() -> ddb.putItem(b -> b.tableName("items")
                        .item(key("e"))
                        .conditionExpression("status = :v")
                        .expressionAttributeValues(Map.of(":v", n("1")))))))
                .isEqualTo("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword:"
                        + " status");
        assertThat(message(failure(() -> ddb.putItem(b -> b.tableName("items")
                        .item(key("e"))
                        .conditionExpression("a = :v")
                        .expressionAttributeValues(Map.of(":v", n("1"), ":unused", n("2")))))))
                .isEqualTo("1 validation error detected: Value provided in ExpressionAttributeValues unused in"
                        + " expressions: keys: {:unused}");
        assertThat(message(failure(() -> ddb.putItem(b -> b.tableName("items")
                        .item(key("e"))
                        .conditionExpression("a = :v")
                        .expected(Map.of(
                                "a",
                                ExpectedAttributeValue.builder().exists(false).build()))
                        .expressionAttributeValues(Map.of(":v", n("1")))))))
                .isEqualTo("Can not use both expression and non-expression parameters in the same request:"
                        + " Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
        assertThat(message(failure(() -> ddb.putItem(b -> b.tableName("items")
                        .item(key("e"))
                        .conditionExpression("((a = :v))")
                        .expressionAttributeValues(Map.of(":v", n("1")))))))
                .isEqualTo("Invalid ConditionExpression: The expression has redundant parentheses;");
        assertThat(message(failure(() -> ddb.updateItem(b -> b.tableName("items")
                        .key(key("e"))
                        .updateExpression("SET a = :v, a.b = :v")
                        .expressionAttributeValues(Map.of(":v", n("1")))))))
                .isEqualTo("1 validation error detected: Invalid UpdateExpression: Two document paths overlap with"
                        + " each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
    }

    @Test
    void badItemsAndKeysGetDynamoDbsValidationErrors() {
        assertThat(message(failure(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("x", n("1")))))))
                .isEqualTo("One or more parameter values were invalid: Missing the key pk in the item");
        assertThat(message(failure(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", n("1")))))))
                .isEqualTo("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
        assertThat(message(failure(() -> ddb.getItem(b -> b.tableName("items").key(Map.of("other", s("a")))))))
                .isEqualTo("The provided key element does not match the schema");
        assertThat(message(failure(() -> ddb.putItem(b ->
                        b.tableName("items").item(Map.of("pk", s("x"), "empty", AttributeValue.fromSs(List.of())))))))
                .isEqualTo("1 validation error detected: One or more parameter values were invalid: An string set "
                        + " may not be empty");
        assertThat(message(failure(() ->
                        ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("x"), "n", n("1e126")))))))
                .isEqualTo("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThat(message(failure(() -> ddb.putItem(b ->
                        b.tableName("items").item(Map.of("pk", s("x"), "big", s("x".repeat(409_600))))))))
                .isEqualTo("Item size has exceeded the maximum allowed size");
        assertThat(message(failure(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("")))))))
                .isEqualTo("One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
                        + " contain an empty string value. Key: pk");
        ResourceNotFoundException missing = catchThrowableOfType(
                ResourceNotFoundException.class,
                () -> ddb.getItem(b -> b.tableName("nosuchtable").key(key("a"))));
        assertThat(message(missing)).isEqualTo("Requested resource not found");
        assertThat(message(failure(() ->
                        ddb.putItem(b -> b.tableName("items").item(key("x")).returnValues(ReturnValue.ALL_NEW)))))
                .isEqualTo("ReturnValues can only be ALL_OLD or NONE");
    }

    @Test
    void projectionExpressionsReturnOnlyTheRequestedPaths() {
        ddb.putItem(b -> b.tableName("items")
                .item(Map.of(
                        "pk", s("p"),
                        "a", n("1"),
                        "b", AttributeValue.fromM(Map.of("c", n("2"), "d", n("3"))),
                        "l", AttributeValue.fromL(List.of(s("x"), s("y"), s("z"))))));
        var item = ddb.getItem(b -> b.tableName("items")
                        .key(key("p"))
                        .projectionExpression("a, b.c, l[2], #l[0]")
                        .expressionAttributeNames(Map.of("#l", "l")))
                .item();
        assertThat(item)
                .isEqualTo(Map.of(
                        "a", n("1"),
                        "b", AttributeValue.fromM(Map.of("c", n("2"))),
                        "l", AttributeValue.fromL(List.of(s("x"), s("z")))));
    }

    @Test
    void sortKeysOrderNumbersNumericallyAndReadBack() {
        for (String sk : List.of("10", "9", "-1", "1.5")) {
            ddb.putItem(b -> b.tableName("sorted").item(Map.of("pk", s("k"), "sk", n(sk))));
        }
        var items = ddb.query(b -> b.tableName("sorted")
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("k"))))
                .items();
        assertThat(items).extracting(i -> i.get("sk").n()).containsExactly("-1", "1.5", "9", "10");
        assertThat(ddb.getItem(b -> b.tableName("sorted").key(Map.of("pk", s("k"), "sk", n("1.50"))))
                        .item())
                .containsEntry("sk", n("1.5"));
    }
}
