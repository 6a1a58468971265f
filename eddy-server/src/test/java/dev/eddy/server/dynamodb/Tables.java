package dev.eddy.server.dynamodb;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/** Test helper: on-demand tables with a hash (and optional range) key. */
final class Tables {
    private Tables() {}

    static void create(DynamoDbClient ddb, String name, String hash, String hashType, String range, String rangeType) {
        List<AttributeDefinition> defs = new ArrayList<>();
        List<KeySchemaElement> key = new ArrayList<>();
        defs.add(AttributeDefinition.builder()
                .attributeName(hash)
                .attributeType(hashType)
                .build());
        key.add(KeySchemaElement.builder()
                .attributeName(hash)
                .keyType(KeyType.HASH)
                .build());
        if (range != null) {
            defs.add(AttributeDefinition.builder()
                    .attributeName(range)
                    .attributeType(rangeType)
                    .build());
            key.add(KeySchemaElement.builder()
                    .attributeName(range)
                    .keyType(KeyType.RANGE)
                    .build());
        }
        ddb.createTable(b ->
                b.tableName(name).attributeDefinitions(defs).keySchema(key).billingMode(BillingMode.PAY_PER_REQUEST));
    }
}
