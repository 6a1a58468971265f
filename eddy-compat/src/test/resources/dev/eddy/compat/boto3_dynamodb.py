"""boto3 against Eddy's DynamoDB API: the low-level client and the resource API, the waiter,
paginators, conditions, updates, batches, transactions and errors (botocore checks x-amz-crc32)."""
import sys
import boto3
from boto3.dynamodb.conditions import Key, Attr
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
ddb = boto3.client('dynamodb', endpoint_url=endpoint, region_name='us-east-1')
res = boto3.resource('dynamodb', endpoint_url=endpoint, region_name='us-east-1')


def code(call):
    try:
        call()
    except ClientError as e:
        return e.response['Error']['Code'], e.response['Error']['Message']
    raise AssertionError('the call should have failed')


ddb.create_table(TableName='py-orders',
                 AttributeDefinitions=[{'AttributeName': 'cust', 'AttributeType': 'S'},
                                       {'AttributeName': 'n', 'AttributeType': 'N'}],
                 KeySchema=[{'AttributeName': 'cust', 'KeyType': 'HASH'},
                            {'AttributeName': 'n', 'KeyType': 'RANGE'}],
                 BillingMode='PAY_PER_REQUEST')
ddb.get_waiter('table_exists').wait(TableName='py-orders')
print('PASS create and wait')

table = res.Table('py-orders')
with table.batch_writer() as batch:
    for c in range(3):
        for n in range(40):
            batch.put_item(Item={'cust': 'c%d' % c, 'n': n, 'amount': n * 10, 'tags': {'new'}})
assert table.item_count == 120, table.item_count
print('PASS batch writer')

r = table.query(KeyConditionExpression=Key('cust').eq('c1') & Key('n').between(10, 14))
assert [int(i['n']) for i in r['Items']] == [10, 11, 12, 13, 14], r['Items']
r = table.query(KeyConditionExpression=Key('cust').eq('c1'), FilterExpression=Attr('amount').gt(300),
                ScanIndexForward=False, Limit=5)
assert r['ScannedCount'] == 5 and [int(i['n']) for i in r['Items']] == [39, 38, 37, 36, 35], r
print('PASS query')

pages = ddb.get_paginator('scan').paginate(TableName='py-orders', PaginationConfig={'PageSize': 17})
seen = [it['cust']['S'] + '/' + it['n']['N'] for page in pages for it in page['Items']]
assert len(seen) == 120 and len(set(seen)) == 120, len(seen)
print('PASS scan paginator')

r = table.update_item(Key={'cust': 'c0', 'n': 1},
                      UpdateExpression='SET amount = amount + :d ADD tags :t REMOVE gone',
                      ExpressionAttributeValues={':d': 5, ':t': {'vip'}}, ReturnValues='ALL_NEW')
assert r['Attributes']['amount'] == 15 and r['Attributes']['tags'] == {'new', 'vip'}, r
c, m = code(lambda: table.put_item(Item={'cust': 'c0', 'n': 1}, ConditionExpression='attribute_not_exists(cust)'))
assert c == 'ConditionalCheckFailedException' and m == 'The conditional request failed', (c, m)
print('PASS update and condition')

r = ddb.transact_write_items(TransactItems=[
    {'Put': {'TableName': 'py-orders', 'Item': {'cust': {'S': 'tx'}, 'n': {'N': '1'}}}},
    {'Update': {'TableName': 'py-orders', 'Key': {'cust': {'S': 'c0'}, 'n': {'N': '2'}},
                'UpdateExpression': 'SET amount = :z', 'ExpressionAttributeValues': {':z': {'N': '0'}}}}])
try:
    ddb.transact_write_items(TransactItems=[
        {'ConditionCheck': {'TableName': 'py-orders', 'Key': {'cust': {'S': 'tx'}, 'n': {'N': '1'}},
                            'ConditionExpression': 'attribute_not_exists(cust)'}},
        {'Delete': {'TableName': 'py-orders', 'Key': {'cust': {'S': 'c0'}, 'n': {'N': '3'}}}}])
    raise AssertionError('the transaction should have been cancelled')
except ddb.exceptions.TransactionCanceledException as e:
    reasons = [x['Code'] for x in e.response['CancellationReasons']]
    assert reasons == ['ConditionalCheckFailed', 'None'], reasons
got = ddb.batch_get_item(RequestItems={'py-orders': {'Keys': [{'cust': {'S': 'tx'}, 'n': {'N': '1'}},
                                                             {'cust': {'S': 'c0'}, 'n': {'N': '3'}}]}})
assert len(got['Responses']['py-orders']) == 2, got
print('PASS transactions and batch get')

c, m = code(lambda: ddb.describe_table(TableName='nope'))
assert c == 'ResourceNotFoundException' and m == 'Requested resource not found: Table: nope not found', (c, m)
c, m = code(lambda: ddb.get_item(TableName='py-orders', Key={'cust': {'S': 'c0'}}))
assert c == 'ValidationException' and m == 'The provided key element does not match the schema', (c, m)
print('PASS errors')

ddb.delete_table(TableName='py-orders')
assert 'py-orders' not in ddb.list_tables()['TableNames']
print('PASS delete')
