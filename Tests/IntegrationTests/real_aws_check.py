"""Drives scripts/moto_server.py started with `--realistic SCALE` for MotoLauncherTests, through boto3 with its
own retries off, so each answer is AWS's first. Prints JSON {check name: what was seen}.

argv: endpoint, access key id, secret key, scale.
"""
import json
import sys
import time
import urllib.request
import zipfile
import io
import concurrent.futures
import os

import boto3
import botocore
from botocore.config import Config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import real_aws  # noqa: E402

endpoint, key, secret, scale = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
          config=Config(retries={"max_attempts": 1, "mode": "standard"}, max_pool_connections=40))
iam, lam, ddb, gw = (boto3.client(name, **kw) for name in ("iam", "lambda", "dynamodb", "apigatewayv2"))
results = {}


def outcome(call):
    try:
        call()
        return "ok"
    except botocore.exceptions.ClientError as error:
        return f"{error.response['ResponseMetadata']['HTTPStatusCode']} {error.response['Error']['Code']}: {error.response['Error']['Message']}"


def wait_for(condition, limit):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


archive = io.BytesIO()
with zipfile.ZipFile(archive, "w") as z:
    z.writestr("bootstrap", "#!/bin/sh\n")
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
role = iam.create_role(RoleName="probe-role", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
create = dict(FunctionName="probe", Runtime="provided.al2023", Role=role, Handler="bootstrap", Code={"ZipFile": archive.getvalue()})
results["function with a new role"] = outcome(lambda: lam.create_function(**create))
results["role assumable within 1.5x its delay"] = wait_for(lambda: outcome(lambda: lam.create_function(**create)) == "ok", 8 * scale * 1.5)
results["state after create"] = lam.get_function_configuration(FunctionName="probe")["State"]
results["update while pending"] = outcome(lambda: lam.update_function_configuration(FunctionName="probe", MemorySize=256))
results["permission while pending"] = outcome(lambda: lam.add_permission(
    FunctionName="probe", StatementId="s", Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com"))
results["active within 1.5x its delay"] = wait_for(lambda: lam.get_function_configuration(FunctionName="probe")["State"] == "Active", 3 * scale * 1.5)
lam.update_function_configuration(FunctionName="probe", MemorySize=256)
results["status after update"] = lam.get_function_configuration(FunctionName="probe")["LastUpdateStatus"]
results["code update during update"] = outcome(lambda: lam.update_function_code(FunctionName="probe", ZipFile=archive.getvalue()))
wait_for(lambda: lam.get_function_configuration(FunctionName="probe")["LastUpdateStatus"] == "Successful", 3 * scale * 1.5)
lam.add_permission(FunctionName="probe", StatementId="s", Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com")
results["same statement id again"] = outcome(lambda: lam.add_permission(
    FunctionName="probe", StatementId="s", Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com"))

table = dict(TableName="probe", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
results["table status after create"] = ddb.create_table(**table)["TableDescription"]["TableStatus"]
results["item while creating"] = outcome(lambda: ddb.put_item(TableName="probe", Item={"pk": {"S": "a"}}))


def hold_clock(held):
    request = urllib.request.Request(f"{endpoint}/hoist-control/clock", data=json.dumps({"held": held}).encode(), method="POST")
    return urllib.request.urlopen(request).status


# Held past the table's whole delay, the clock keeps it CREATING; released, the delay runs on from there.
results["clock held"] = hold_clock(True)
time.sleep(5 * scale + 1)
results["table status past its delay, clock held"] = ddb.describe_table(TableName="probe")["Table"]["TableStatus"]
hold_clock(False)
results["delete while creating"] = outcome(lambda: ddb.delete_table(TableName="probe"))
wait_for(lambda: ddb.describe_table(TableName="probe")["Table"]["TableStatus"] == "ACTIVE", 5 * scale * 1.5)
ddb.delete_table(TableName="probe")
results["table status after delete"] = ddb.describe_table(TableName="probe")["Table"]["TableStatus"]
results["create while deleting"] = outcome(lambda: ddb.create_table(**table))
results["gone within 1.5x its delay"] = wait_for(lambda: outcome(lambda: ddb.describe_table(TableName="probe")).startswith("400 ResourceNotFoundException"), 4 * scale * 1.5)
results["create after deleted"] = outcome(lambda: ddb.create_table(**table))

api = gw.create_api(Name="probe", ProtocolType="HTTP")["ApiId"]
gw.create_route(ApiId=api, RouteKey="$default")
results["same route key again"] = outcome(lambda: gw.create_route(ApiId=api, RouteKey="$default"))
gw.create_stage(ApiId=api, StageName="$default")
results["same stage again"] = outcome(lambda: gw.create_stage(ApiId=api, StageName="$default"))
# A burst of 100, 40 at a time. The bucket holds 10 and refills 10 a second, so 100 requests served within 9 s
# must see a 429. A loaded machine may serve them slower than the rate, and then AWS would throttle none
# either: the check holds the rule, not a timing.
BURST, RATE = 100, real_aws.APIGATEWAY_RATE
start = time.monotonic()
with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
    burst = list(pool.map(lambda _: outcome(lambda: gw.get_apis()), range(BURST)))
elapsed = time.monotonic() - start
seen = sorted(set(o.split(":")[0] for o in burst))
results["apigateway burst"] = {"seen": seen, "seconds": round(elapsed, 2),
                               "as the bucket allows": seen == ["429 TooManyRequestsException", "ok"] or (seen == ["ok"] and elapsed >= (BURST - RATE) / RATE)}

control = f"{endpoint}/hoist-control/faults"


def set_faults(error, drop):
    request = urllib.request.Request(control, data=json.dumps({"error": error, "drop": drop, "seed": 1}).encode(), method="POST")
    return json.load(urllib.request.urlopen(request))


set_faults(1.0, 0.0)
results["every answer an injected error"] = sorted(set(outcome(lambda: iam.get_role(RoleName="probe-role")).split(":")[0] for _ in range(9)))
set_faults(0.0, 1.0)
try:
    iam.create_role(RoleName="dropped-role", AssumeRolePolicyDocument=trust)
    results["dropped answer"] = "answered"
except botocore.exceptions.ClientError as error:
    results["dropped answer"] = error.response["Error"]["Code"]
except (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError) as error:
    results["dropped answer"] = "connection lost"
report = set_faults(0.0, 0.0)
results["applied although its answer was lost"] = outcome(lambda: iam.get_role(RoleName="dropped-role"))
print(json.dumps(results))
