# boto3 against Eddy's embedded S3: buckets, objects, listing, multipart (through the transfer
# manager), errors. Asserts as it goes and prints a PASS line per part.
import hashlib
import io
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
s3 = boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1',
                  config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))


def error(call):
    try:
        call()
    except ClientError as e:
        return e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']
    raise AssertionError('the call should have failed')


s3.create_bucket(Bucket='py-bucket')
assert [b['Name'] for b in s3.list_buckets()['Buckets']] == ['py-bucket']
assert error(lambda: s3.create_bucket(Bucket='py-bucket')) == ('BucketAlreadyOwnedByYou', 409)
print('PASS buckets')

s3.put_object(Bucket='py-bucket', Key='a/b.txt', Body=b'hello world', ContentType='text/plain',
              Metadata={'k': 'v'})
got = s3.get_object(Bucket='py-bucket', Key='a/b.txt')
assert got['Body'].read() == b'hello world'
assert got['ContentType'] == 'text/plain' and got['Metadata'] == {'k': 'v'}
assert got['ETag'] == '"%s"' % hashlib.md5(b'hello world').hexdigest()
assert s3.get_object(Bucket='py-bucket', Key='a/b.txt', Range='bytes=6-')['Body'].read() == b'world'
assert error(lambda: s3.get_object(Bucket='py-bucket', Key='nope')) == ('NoSuchKey', 404)
assert error(lambda: s3.head_object(Bucket='py-bucket', Key='nope'))[1] == 404
print('PASS objects')

for i in range(5):
    s3.put_object(Bucket='py-bucket', Key='logs/%d' % i, Body=b'x' * i)
pages = s3.get_paginator('list_objects_v2').paginate(Bucket='py-bucket', PaginationConfig={'PageSize': 2})
keys = [o['Key'] for p in pages for o in p.get('Contents', [])]
assert keys == ['a/b.txt'] + ['logs/%d' % i for i in range(5)], keys
top = s3.list_objects_v2(Bucket='py-bucket', Delimiter='/')
assert [p['Prefix'] for p in top['CommonPrefixes']] == ['a/', 'logs/'], top
print('PASS listing')

data = os.urandom(12 * 1024 * 1024)
s3.upload_fileobj(io.BytesIO(data), 'py-bucket', 'big.bin',
                  Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
head = s3.head_object(Bucket='py-bucket', Key='big.bin')
assert head['ContentLength'] == len(data) and head['ETag'].endswith('-3"'), head
out = io.BytesIO()
s3.download_fileobj('py-bucket', 'big.bin', out)
assert out.getvalue() == data
print('PASS multipart')

s3.delete_objects(Bucket='py-bucket', Delete={'Objects': [{'Key': k} for k in keys + ['big.bin']]})
assert s3.list_objects_v2(Bucket='py-bucket')['KeyCount'] == 0
s3.delete_bucket(Bucket='py-bucket')
assert error(lambda: s3.head_bucket(Bucket='py-bucket'))[1] == 404
print('PASS delete')
