"""Makes a function with boto3 (an independent client) for InvokeTests, and queues what moto's docker-less
Lambda answers: `lambda_function.py ENDPOINT KEY SECRET NAME [RESULT...]` creates the role NAME-role and the
function NAME (a zip holding an empty bootstrap) unless it exists, then queues each RESULT, in order, as the
payload of the next Invoke (POST /moto-api/static/lambda-simple/response, as moto documents)."""
import io
import json
import sys
import urllib.request
import zipfile

import boto3

endpoint, key, secret, name, *results = sys.argv[1:]
session = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
iam = boto3.client("iam", **session)
functions = boto3.client("lambda", **session)
try:
    functions.get_function(FunctionName=name)
except functions.exceptions.ResourceNotFoundException:
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("bootstrap", "#!/bin/sh\n")
    functions.create_function(FunctionName=name, Runtime="provided.al2023", Role=role, Handler="bootstrap", Code={"ZipFile": archive.getvalue()})
if results:
    request = urllib.request.Request(
        f"{endpoint}/moto-api/static/lambda-simple/response", data=json.dumps({"results": results, "region": "us-east-1"}).encode(), method="POST")
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 201, answer.status
