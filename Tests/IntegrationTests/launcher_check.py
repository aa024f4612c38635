"""Drives scripts/moto_server.py with boto3 and raw requests for MotoLauncherTests.

argv: endpoint, access key id, secret key. Prints JSON {check name: HTTP status or error code}.
boto3's requests must be accepted (including body-less GET/DELETE on REST services, which moto's own check
refuses); a request whose body or path was changed after signing, and one signed with a wrong secret, must not,
nor one that AWS's service model refuses (scripts/aws_model_check.py).
"""
import json
import re
import sys
import urllib.request

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

endpoint, key, secret = sys.argv[1:4]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
results = {}


def check(name, call):
    try:
        call()
        results[name] = "ok"
    except botocore.exceptions.ClientError as error:
        results[name] = error.response["Error"]["Code"]


check("boto3 sts GetCallerIdentity (query)", lambda: boto3.client("sts", **kw).get_caller_identity())
check("boto3 dynamodb ListTables (json)", lambda: boto3.client("dynamodb", **kw).list_tables())
check("boto3 lambda ListFunctions (GET)", lambda: boto3.client("lambda", **kw).list_functions())
gateway = boto3.client("apigatewayv2", **kw)
api_id = gateway.create_api(Name="probe", ProtocolType="HTTP")["ApiId"]
gateway.create_stage(ApiId=api_id, StageName="$default")
check("boto3 apigatewayv2 DeleteStage $default (DELETE, escaped path)", lambda: gateway.delete_stage(ApiId=api_id, StageName="$default"))
check("boto3 with a wrong secret", lambda: boto3.client("sts", **dict(kw, aws_secret_access_key="wrong")).get_caller_identity())


def send_raw(mutate, service="sts", path="/", body=b"Action=GetCallerIdentity&Version=2011-06-15", headers=None, method="POST"):
    headers = headers or {"Content-Type": "application/x-www-form-urlencoded"}
    request = AWSRequest(method=method, url=endpoint + path, data=body, headers=headers)
    SigV4Auth(Credentials(key, secret), service, "us-east-1").add_auth(request)
    url, data = mutate(request.url, body)
    raw = urllib.request.Request(url, data=data or None, method=method, headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(raw) as response:
            return response.status
    except urllib.error.HTTPError as error:
        if error.code != 400:
            return error.code
        found = re.search(r'"__type": "([^"]+)"|<Code>([^<]+)</Code>', error.read().decode())
        return f"400 {found.group(1) or found.group(2)}" if found else 400


unchanged = lambda url, body: (url, body)  # noqa: E731
results["raw signed request"] = send_raw(unchanged)
results["raw request, body changed after signing"] = send_raw(lambda url, body: (url, body + b"&Extra=1"))
results["raw request, query added after signing"] = send_raw(lambda url, body: (url + "?Extra=1", body))

# Requests AWS's service model refuses and moto would take: each must come back 400 ValidationException.
dynamodb = {"X-Amz-Target": "DynamoDB_20120810.CreateTable", "Content-Type": "application/x-amz-json-1.0"}
table = {"TableName": "model-check", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}
results["dynamodb enum outside the model"] = send_raw(
    unchanged, "dynamodb", body=json.dumps(dict(table, BillingMode="PAY_PER_USE")).encode(), headers=dynamodb)
results["dynamodb misspelled member"] = send_raw(
    unchanged, "dynamodb", body=json.dumps(dict(table, BillingMod="PAY_PER_REQUEST")).encode(), headers=dynamodb)
results["iam required member missing"] = send_raw(
    unchanged, "iam", body=b"Action=CreateRole&Version=2010-05-08&RoleName=model-check")
results["iam name outside the model's pattern"] = send_raw(
    unchanged, "iam", body=b"Action=CreateRole&Version=2010-05-08&RoleName=bad%20name%21&AssumeRolePolicyDocument=%7B%7D")
results["lambda value below the model's minimum"] = send_raw(
    unchanged, "lambda", "/2015-03-31/functions/model-check/configuration", b'{"MemorySize": 64}', {"Content-Type": "application/json"}, "PUT")
results["lambda name over the model's maximum length"] = send_raw(
    unchanged, "lambda", "/2015-03-31/functions/" + "f" * 300, b"", {}, "GET")
results["apigatewayv2 enum outside the model"] = send_raw(
    unchanged, "apigateway", "/v2/apis", b'{"name": "model-check", "protocolType": "REST"}', {"Content-Type": "application/json"})
results["dynamodb valid request"] = send_raw(unchanged, "dynamodb", body=json.dumps(dict(table, BillingMode="PAY_PER_REQUEST")).encode(), headers=dynamodb)
json.dump(results, sys.stdout, indent=1)
