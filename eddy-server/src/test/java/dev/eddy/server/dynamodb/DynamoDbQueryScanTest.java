package dev.eddy.server.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Query and Scan through the SDK's DynamoDB client: key conditions on tables and on global and
 * local indexes, sort order both ways, filters applied after Limit, paging by LastEvaluatedKey
 * (every item once), the 1 MB page, Select COUNT, parallel scans whose segments cover the table
 * exactly, and the errors for conditions that do not fit the key.
 */
class DynamoDbQueryScanTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static DynamoDbClient ddb;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        ddb = server.dynamo();
        ddb.createTable(b -> b.tableName("events")
                .attributeDefinitions(def("user", "S"), def("at", "N"), def("kind", "S"), def("score", "N"))
                .keySchema(key("user", KeyType.HASH), key("at", KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("byKind")
                        .keySchema(key("kind", KeyType.HASH), key("at", KeyType.RANGE))
                        .projection(
                                p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("note"))
                        .build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder()
                        .indexName("byScore")
                        .keySchema(key("user", KeyType.HASH), key("score", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build()));
        for (int u = 0; u < 4; u++) {
            for (int t = 0; t < 25; t++) {
                int user = u;
                int at = t;
                ddb.putItem(b -> b.tableName("events")
                        .item(Map.of(
                                "user", s("u" + user),
                                "at", n(Integer.toString(at)),
                                "kind", s(at % 2 == 0 ? "even" : "odd"),
                                "score", n(Integer.toString(100 - at)),
                                "note", s("n" + at),
                                "big", s("x".repeat(100)))));
            }
        }
    }

    @AfterAll
    static void stop() {
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

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static List<String> ats(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("at").n()).toList();
    }

    @Test
    void queriesNarrowBySortKeyInEitherOrder() {
        QueryResponse between = ddb.query(b -> b.tableName("events")
                .keyConditionExpression("#u = :u AND #a BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#u", "user", "#a", "at"))
                .expressionAttributeValues(Map.of(":u", s("u1"), ":lo", n("3"), ":hi", n("6"))));
        assertThat(ats(between.items())).containsExactly("3", "4", "5", "6");
        QueryResponse reversed = ddb.query(b -> b.tableName("events")
                .keyConditionExpression("#u = :u AND #a < :hi")
                .expressionAttributeNames(Map.of("#u", "user", "#a", "at"))
                .expressionAttributeValues(Map.of(":u", s("u1"), ":hi", n("3")))
                .scanIndexForward(false));
        assertThat(ats(reversed.items())).containsExactly("2", "1", "0");
        QueryResponse legacy = ddb.query(b -> b.tableName("events")
                .keyConditions(Map.of(
                        "user",
                                Condition.builder()
                                        .comparisonOperator(ComparisonOperator.EQ)
                                        .attributeValueList(s("u2"))
                                        .build(),
                        "at",
                                Condition.builder()
                                        .comparisonOperator(ComparisonOperator.GE)
                                        .attributeValueList(n("23"))
                                        .build())));
        assertThat(ats(legacy.items())).containsExactly("23", "24");
    }

    @Test
    void filtersApplyAfterTheLimitAndPagesResumeAfterTheLastItemRead() {
        QueryResponse page = ddb.query(b -> b.tableName("events")
                .keyConditionExpression("#u = :u")
                .filterExpression("kind = :k")
                .expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u", s("u0"), ":k", s("odd")))
                .limit(4));
        assertThat(page.scannedCount()).isEqualTo(4);
        assertThat(page.count()).isEqualTo(2);
        assertThat(page.lastEvaluatedKey()).isEqualTo(Map.of("user", s("u0"), "at", n("3")));
        List<String> all = new ArrayList<>();
        ddb.queryPaginator(b -> b.tableName("events")
                        .keyConditionExpression("#u = :u")
                        .expressionAttributeNames(Map.of("#u", "user"))
                        .expressionAttributeValues(Map.of(":u", s("u3")))
                        .limit(7))
                .items()
                .forEach(i -> all.add(i.get("at").n()));
        assertThat(all).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void globalAndLocalIndexesAnswerQueriesWithTheirProjections() {
        QueryResponse kinds = ddb.query(b -> b.tableName("events")
                .indexName("byKind")
                .keyConditionExpression("kind = :k AND #a > :a")
                .expressionAttributeNames(Map.of("#a", "at"))
                .expressionAttributeValues(Map.of(":k", s("even"), ":a", n("20"))));
        assertThat(kinds.count()).isEqualTo(8); // at 22 and 24, for four users
        assertThat(kinds.items()).allSatisfy(i -> assertThat(i).containsOnlyKeys("user", "at", "kind", "note"));
        QueryResponse scores = ddb.query(b -> b.tableName("events")
                .indexName("byScore")
                .keyConditionExpression("#u = :u AND score >= :s")
                .expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u", s("u0"), ":s", n("98")))
                .limit(2));
        assertThat(scores.items()).extracting(i -> i.get("score").n()).containsExactly("98", "99");
        assertThat(scores.items().get(0)).containsOnlyKeys("user", "at", "score");
        assertThat(scores.lastEvaluatedKey()).containsOnlyKeys("user", "at", "score");
        QueryResponse rest = ddb.query(b -> b.tableName("events")
                .indexName("byScore")
                .keyConditionExpression("#u = :u AND score >= :s")
                .expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u", s("u0"), ":s", n("98")))
                .exclusiveStartKey(scores.lastEvaluatedKey()));
        assertThat(rest.items()).extracting(i -> i.get("score").n()).containsExactly("100");
        DynamoDbException consistent = catchThrowableOfType(
                DynamoDbException.class,
                () -> ddb.query(b -> b.tableName("events")
                        .indexName("byKind")
                        .consistentRead(true)
                        .keyConditionExpression("kind = :k")
                        .expressionAttributeValues(Map.of(":k", s("even")))));
        assertThat(consistent.awsErrorDetails().errorMessage())
                .isEqualTo("Consistent reads are not supported on global secondary indexes");
    }

    @Test
    void countsAndKeyConditionErrors() {
        QueryResponse count = ddb.query(b -> b.tableName("events")
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u", s("u1")))
                .select(Select.COUNT));
        assertThat(count.count()).isEqualTo(25);
        assertThat(count.hasItems()).isFalse();
        assertThat(error(() -> ddb.query(b -> b.tableName("events")
                        .keyConditionExpression("#a = :a")
                        .expressionAttributeNames(Map.of("#a", "at"))
                        .expressionAttributeValues(Map.of(":a", n("1"))))))
                .isEqualTo("Query condition missed key schema element: user");
        assertThat(error(() -> ddb.query(b -> b.tableName("events")
                        .keyConditionExpression("#u = :u OR #a = :a")
                        .expressionAttributeNames(Map.of("#u", "user", "#a", "at"))
                        .expressionAttributeValues(Map.of(":u", s("u1"), ":a", n("1"))))))
                .isEqualTo("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR");
        assertThat(error(() -> ddb.query(b -> b.tableName("events")
                        .keyConditionExpression("#u = :u")
                        .expressionAttributeNames(Map.of("#u", "user"))
                        .expressionAttributeValues(Map.of(":u", n("1"))))))
                .isEqualTo("One or more parameter values were invalid: Condition parameter type does not match schema"
                        + " type");
        assertThat(error(() -> ddb.query(b -> b.tableName("events")
                        .keyConditionExpression("#u = :u")
                        .filterExpression("#a > :a")
                        .expressionAttributeNames(Map.of("#u", "user", "#a", "at"))
                        .expressionAttributeValues(Map.of(":u", s("u1"), ":a", n("1"))))))
                .isEqualTo("Filter Expression can only contain non-primary key attributes: Primary key attribute: at");
    }

    static String error(Runnable r) {
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class, r::run);
        assertThat(e).as("the call should fail").isNotNull();
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void parallelScanSegmentsCoverEveryItemExactlyOnce() {
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 4; segment++) {
            int seg = segment;
            for (ScanResponse page : ddb.scanPaginator(
                    b -> b.tableName("events").segment(seg).totalSegments(4).limit(9))) {
                for (var item : page.items()) {
                    assertThat(seen.add(
                                    item.get("user").s() + "/" + item.get("at").n()))
                            .isTrue();
                    total++;
                }
            }
        }
        assertThat(total).isEqualTo(100);
        assertThat(error(() -> ddb.scan(b -> b.tableName("events").segment(4).totalSegments(4))))
                .isEqualTo("The Segment parameter is zero-based and must be less than parameter TotalSegments:"
                        + " Segment: 4 is not less than TotalSegments: 4");
    }

    @Test
    void aScanPageStopsAtOneMebibyteRead() {
        Tables.create(ddb, "wide", "k", "S", null, null);
        String blob = "y".repeat(100_000);
        for (int i = 0; i < 30; i++) {
            int n = i;
            ddb.putItem(b -> b.tableName("wide").item(Map.of("k", s("k" + n), "payload", s(blob))));
        }
        ScanResponse first = ddb.scan(b -> b.tableName("wide"));
        assertThat(first.count()).isEqualTo(11); // the item crossing 1 MB is the page's last
        assertThat(first.lastEvaluatedKey()).isNotEmpty();
        int total = 0;
        for (ScanResponse page : ddb.scanPaginator(b -> b.tableName("wide"))) {
            total += page.count();
        }
        assertThat(total).isEqualTo(30);
        ScanResponse filtered = ddb.scan(b -> b.tableName("wide")
                .filterExpression("size(payload) > :n")
                .expressionAttributeValues(Map.of(":n", n("100000")))
                .select(Select.COUNT));
        assertThat(filtered.count()).isZero();
        assertThat(filtered.scannedCount()).isEqualTo(11);
    }
}
