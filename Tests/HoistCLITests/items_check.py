"""Lists a table's items with boto3 (an independent client) for LocalTests; prints JSON."""
import json
import sys

import boto3

endpoint, key, secret, table = sys.argv[1:5]
client = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
items = client.Table(table).scan()["Items"]
json.dump(sorted(items, key=lambda item: item.get("sk", item.get("id", ""))), sys.stdout, default=str)
