"""boto3 against Eddy's CloudWatch API, in the protocol botocore picks (JSON 1.0), or, with
'query', in awsQuery through a copy of the model that offers only that protocol."""
import datetime
import json
import os
import sys
import tempfile

protocol = sys.argv[2]
if protocol == 'query':
    import botocore.session
    model = botocore.session.get_session().get_component('data_loader').load_service_model('cloudwatch', 'service-2')
    model['metadata']['protocol'] = 'query'
    model['metadata']['protocols'] = ['query']
    path = tempfile.mkdtemp()
    version = model['metadata']['apiVersion']
    os.makedirs(os.path.join(path, 'cloudwatch', version))
    with open(os.path.join(path, 'cloudwatch', version, 'service-2.json'), 'w') as f:
        json.dump(model, f)
    os.environ['AWS_DATA_PATH'] = path

import boto3
from botocore.exceptions import ClientError

cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1')
print('protocol', getattr(cw.meta.service_model, 'resolved_protocol', cw.meta.service_model.protocol))
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
ns = 'Py' + protocol

cw.put_metric_data(Namespace=ns, MetricData=[
    {'MetricName': 'Latency', 'Dimensions': [{'Name': 'Op', 'Value': 'Get'}], 'Timestamp': now,
     'Value': 10.0, 'Unit': 'Milliseconds'},
    {'MetricName': 'Latency', 'Dimensions': [{'Name': 'Op', 'Value': 'Get'}], 'Timestamp': now,
     'StatisticValues': {'SampleCount': 2, 'Sum': 30, 'Minimum': 10, 'Maximum': 20}, 'Unit': 'Milliseconds'},
])
# a large body: botocore gzips it past 10 KB
cw.put_metric_data(Namespace=ns, MetricData=[
    {'MetricName': 'Wide', 'Dimensions': [{'Name': 'Host', 'Value': 'h%04d' % i}], 'Value': 1.0, 'Timestamp': now}
    for i in range(400)])
r = cw.get_metric_statistics(Namespace=ns, MetricName='Latency', Dimensions=[{'Name': 'Op', 'Value': 'Get'}],
                             StartTime=now - datetime.timedelta(minutes=5),
                             EndTime=now + datetime.timedelta(minutes=5), Period=60,
                             Statistics=['Sum', 'SampleCount', 'Maximum'])
d = r['Datapoints']
assert len(d) == 1 and d[0]['Sum'] == 40.0 and d[0]['SampleCount'] == 3.0 and d[0]['Maximum'] == 20.0, d
assert d[0]['Timestamp'] == now and d[0]['Unit'] == 'Milliseconds', d
print('PASS get_metric_statistics')

names = [m['Dimensions'][0]['Value'] for page in cw.get_paginator('list_metrics').paginate(Namespace=ns, MetricName='Wide')
         for m in page['Metrics']]
assert len(names) == 400 and len(set(names)) == 400, len(names)
print('PASS list_metrics')

r = cw.get_metric_data(StartTime=now - datetime.timedelta(minutes=5), EndTime=now + datetime.timedelta(minutes=5),
                       MetricDataQueries=[{'Id': 'lat', 'MetricStat': {
                           'Metric': {'Namespace': ns, 'MetricName': 'Latency',
                                      'Dimensions': [{'Name': 'Op', 'Value': 'Get'}]},
                           'Period': 60, 'Stat': 'Average'}}])
res = r['MetricDataResults'][0]
assert res['Values'] and abs(res['Values'][0] - 40.0 / 3) < 1e-9 and res['StatusCode'] == 'Complete', r
print('PASS get_metric_data')

try:
    cw.put_metric_data(Namespace=ns, MetricData=[{'MetricName': 'x', 'Value': 1.0,
                                                  'StatisticValues': {'SampleCount': 1, 'Sum': 1, 'Minimum': 1,
                                                                      'Maximum': 1}}])
    raise AssertionError('should fail')
except ClientError as e:
    err = e.response['Error']
    assert err['Code'] == 'InvalidParameterCombination', err
    assert err['Message'].startswith('The parameters MetricData.member.1.Value and'), err
try:
    cw.get_metric_statistics(Namespace=ns, MetricName='x', StartTime=now, EndTime=now, Period=60, Statistics=['Sum'])
    raise AssertionError('should fail')
except cw.exceptions.InvalidParameterValueException as e:
    assert e.response['Error']['Code'] == 'InvalidParameterValue', e.response
print('PASS errors')
