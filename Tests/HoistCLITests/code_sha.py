"""Prints a function's CodeSha256 as Lambda reports it, read with boto3 (an independent client) for OwnFunctionTests."""
import sys

import boto3

endpoint, key, secret, function = sys.argv[1:5]
client = boto3.client("lambda", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
print(client.get_function_configuration(FunctionName=function)["CodeSha256"])
