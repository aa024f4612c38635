"""Drives scripts/moto_server.py with boto3 and raw requests for MotoLauncherTests.

argv: endpoint, access key id, secret key. Prints JSON {check name: HTTP status or error code}.
boto3's requests must be accepted (including body-less GET/DELETE on REST services, which moto's own check
refuses); a request whose body or path was changed after signing, and one signed with a wrong secret, must not.
"""
import json
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


def send_raw(mutate):
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    request = AWSRequest(method="POST", url=endpoint + "/", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    SigV4Auth(Credentials(key, secret), "sts", "us-east-1").add_auth(request)
    url, data = mutate(request.url, body)
    raw = urllib.request.Request(url, data=data, method="POST", headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(raw) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


results["raw signed request"] = send_raw(lambda url, body: (url, body))
results["raw request, body changed after signing"] = send_raw(lambda url, body: (url, body + b"&Extra=1"))
results["raw request, query added after signing"] = send_raw(lambda url, body: (url + "?Extra=1", body))
json.dump(results, sys.stdout, indent=1)
