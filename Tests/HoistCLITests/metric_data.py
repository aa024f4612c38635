"""Writes CloudWatch datapoints with boto3 (an independent client) for MetricsTests:
`metric_data.py ENDPOINT KEY SECRET JSON`, JSON a list of {"namespace", "metric", "dimensions": {name: value},
"value", "minutesAgo"}."""
import datetime
import json
import sys

import boto3

endpoint, key, secret, points = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
cloudwatch = boto3.client("cloudwatch", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
now = datetime.datetime.now(datetime.timezone.utc)
for point in points:
    cloudwatch.put_metric_data(Namespace=point["namespace"], MetricData=[{
        "MetricName": point["metric"], "Dimensions": [{"Name": k, "Value": v} for k, v in point["dimensions"].items()],
        "Timestamp": now - datetime.timedelta(minutes=point["minutesAgo"]), "Value": point["value"], "Unit": "Count"}])
