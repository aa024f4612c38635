"""Changes a deployed stack behind hoist's back with boto3 (an independent client), for StatusTests:
`drift.py ENDPOINT KEY SECRET FUNCTION memory` sets the function's memory to 512 MB;
`drift.py ENDPOINT KEY SECRET FUNCTION route` deletes the routes of the function's API."""
import sys

import boto3

endpoint, key, secret, function, change = sys.argv[1:6]
session = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
if change == "memory":
    boto3.client("lambda", **session).update_function_configuration(FunctionName=function, MemorySize=512)
elif change == "route":
    gateway = boto3.client("apigatewayv2", **session)
    api = next(item for item in gateway.get_apis()["Items"] if item["Name"] == f"{function}-api")
    for route in gateway.get_routes(ApiId=api["ApiId"])["Items"]:
        gateway.delete_route(ApiId=api["ApiId"], RouteId=route["RouteId"])
else:
    sys.exit(f"unknown change {change}")
