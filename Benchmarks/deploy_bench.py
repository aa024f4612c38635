"""hoist against a plain sequential boto3 script, through a loopback proxy that adds 30 ms to every request.

Run by scripts/bench-deploy. Both sides make the same AWS calls and the same waits on the same moto server
(scripts/moto_server.py); each phase is timed around the whole command. Prints a table with ratios.
With a fourth argument SCALE the server runs in real-AWS mode (scripts/real_aws.py, delays x SCALE): both
sides then wait out role propagation, a Pending function and a CREATING table, and hoist's first deploy is
also set against the critical path no tool can beat, role propagation + function activation.
"""
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import boto3
import botocore

HOIST, ZIP_PATH, LATENCY = sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.030
REALISTIC = float(sys.argv[4]) if len(sys.argv) > 4 else None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from forwarding_proxy import forwarding_handler  # noqa: E402
import real_aws  # noqa: E402

realistic = ["--realistic", str(REALISTIC)] if REALISTIC is not None else []
moto = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/moto_server.py"), *realistic], stdout=subprocess.PIPE, text=True)
ready = json.loads(moto.stdout.readline())
upstream = ready["endpoint"].split("//")[1]
requests_seen = [0]
writes_seen = [0]
READS = ("Get", "Describe", "List", "Query", "Scan", "BatchGet", "Filter")


def is_write(method, headers, body):
    """Whether a request may change something: any REST call but GET/HEAD, and any JSON or query operation
    (X-Amz-Target, Action=) not named as a read."""
    if method in ("GET", "HEAD"):
        return False
    if headers.get("X-Amz-Target"):
        return not headers["X-Amz-Target"].split(".")[-1].startswith(READS)
    if body.startswith(b"Action="):
        return not body[len(b"Action="):].split(b"&")[0].decode().startswith(READS)
    return True


def delay_and_count(method, headers, body):
    """An AWS-like round trip: every request waits LATENCY seconds, and is counted, writes apart."""
    time.sleep(LATENCY)
    requests_seen[0] += 1
    writes_seen[0] += is_write(method, headers, body)


proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), forwarding_handler(upstream, delay_and_count))
threading.Thread(target=proxy.serve_forever, daemon=True).start()
endpoint = f"http://127.0.0.1:{proxy.server_port}"
env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID=ready["accessKeyId"], AWS_SECRET_ACCESS_KEY=ready["secretAccessKey"],
           AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
env.pop("AWS_PROFILE", None)
env.pop("AWS_SESSION_TOKEN", None)


def timed(label, action):
    before, writes_before = requests_seen[0], writes_seen[0]
    start = time.perf_counter()
    action()
    phase_writes[label] = writes_seen[0] - writes_before
    return label, time.perf_counter() - start, requests_seen[0] - before


phase_writes = {}  # the last timed phase of each label: how many of its requests were writes


# ---- hoist ----
os.makedirs(os.path.join(ROOT, ".build"), exist_ok=True)
work = tempfile.mkdtemp(prefix="bench-", dir=os.path.join(ROOT, ".build"))
config = os.path.join(work, "hoist.yml")
version = os.path.join(work, "VERSION")
with open(version, "w") as handle:
    handle.write("v1\n")
subprocess.run([HOIST, "init", "--project", "bench", "--config", config], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
with open(config) as handle:
    text = handle.read().replace("      environment: {}", f"      environment: {{}}\n      files: [{os.path.relpath(version, ROOT)}]")
with open(config, "w") as handle:
    handle.write(text)


def hoist(*args):
    subprocess.run([HOIST, *args, "--config", config], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


hoist("plan")  # packages once, so every timed hoist phase finds the zip up to date, as after any edit-free run
hoist_rows = [timed("deploy", lambda: hoist("deploy"))]
hoist_rows.append(timed("no-op re-deploy", lambda: hoist("deploy")))
noop_writes = phase_writes["no-op re-deploy"]
hoist_rows.append(timed("update-code, unchanged", lambda: hoist("update-code")))
with open(version, "w") as handle:
    handle.write("v2\n")
hoist("plan")  # repackage outside the timing: the script below uploads a ready zip too
hoist_rows.append(timed("update-code, changed", lambda: hoist("update-code")))
# Going back one release: `hoist rollback` moves alias live to the previous version; the other way back is to
# check out the old code and deploy it (its package made outside the timing, so the build does not count).
release_rows = [timed("rollback", lambda: hoist("rollback"))]
hoist("rollback", "--to", "2")
with open(version, "w") as handle:
    handle.write("v1\n")
hoist("plan")
release_rows.append(timed("re-deploy the old code", lambda: hoist("deploy")))
# What never missing a change costs on an unchanged project: with the snapshot of the build's inputs equal,
# hoist skips swift build; after a file no target uses is touched (README.md), swift build runs, a no-op.
readme = os.path.join(ROOT, "README.md")
unchanged_rows = []
for command in (["plan"], ["update-code"], ["deploy"]):
    unchanged_rows.append(timed(command[0], lambda: hoist(*command)) + (0.0,))
    os.utime(readme)
    label, touched, _ = timed(command[0], lambda: hoist(*command))
    unchanged_rows[-1] = unchanged_rows[-1][:3] + (touched,)
hoist_rows.append(timed("destroy", lambda: hoist("destroy", "--yes")))

# ---- the sequential boto3 script: the same calls and waits, one after another ----
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=ready["accessKeyId"], aws_secret_access_key=ready["secretAccessKey"])
sts, iam, lam, gw, ddb, logs = (boto3.client(s, **kw) for s in ("sts", "iam", "lambda", "apigatewayv2", "dynamodb", "logs"))
name = "script-dev"
# How the script waits: "polls", every 250 ms as hoist does (the same waits); "waiters", with boto3's own
# waiters (TableExists every 20 s, FunctionActiveV2/FunctionUpdatedV2 every 1 s) and the role retried every
# 1 s, as a user's script would (real-AWS mode runs both).
waits = {"style": "polls"}
zip_bytes = open(ZIP_PATH, "rb").read()
changed_zip = zip_bytes + b""  # replaced below with a different zip
state = {}


def quietly(call, *codes):
    try:
        return call()
    except botocore.exceptions.ClientError as error:
        if error.response["Error"]["Code"] in codes:
            return None
        raise


def observe():
    sts.get_caller_identity()
    role = quietly(lambda: iam.get_role(RoleName=name + "-role"), "NoSuchEntity")
    if role:
        quietly(lambda: iam.get_role_policy(RoleName=name + "-role", PolicyName="dynamodb-access"), "NoSuchEntity")
        iam.list_attached_role_policies(RoleName=name + "-role")
    quietly(lambda: ddb.describe_table(TableName=name + "-table"), "ResourceNotFoundException")
    logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/" + name)
    logs.describe_log_groups(logGroupNamePrefix="/aws/apigateway/" + name)
    function = quietly(lambda: lam.get_function_configuration(FunctionName=name), "ResourceNotFoundException")
    if function:
        quietly(lambda: lam.get_policy(FunctionName=name), "ResourceNotFoundException")
    apis = [a for a in gw.get_apis()["Items"] if a["Name"] == name + "-api"]
    if apis:
        api_id = apis[0]["ApiId"]
        gw.get_integrations(ApiId=api_id)
        gw.get_routes(ApiId=api_id)
        quietly(lambda: gw.get_stage(ApiId=api_id, StageName="$default"), "NotFoundException")


def wait_function():
    if waits["style"] == "waiters":
        lam.get_waiter("function_active_v2").wait(FunctionName=name)
        lam.get_waiter("function_updated_v2").wait(FunctionName=name)
        return
    while True:
        c = lam.get_function_configuration(FunctionName=name)
        if c.get("State", "Active") == "Active" and c.get("LastUpdateStatus", "Successful") == "Successful":
            return
        time.sleep(0.25)


def script_deploy():
    observe()
    account = sts.get_caller_identity()["Account"]
    trust = '{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"}}]}'
    role_arn = iam.create_role(RoleName=name + "-role", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    table_arn = f"arn:aws:dynamodb:us-east-1:{account}:table/{name}-table"
    iam.put_role_policy(RoleName=name + "-role", PolicyName="dynamodb-access", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": [table_arn, table_arn + "/index/*"]}]}))
    iam.attach_role_policy(RoleName=name + "-role", PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    ddb.create_table(TableName=name + "-table", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "gsi1pk", "gsi1sk")],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     GlobalSecondaryIndexes=[{"IndexName": "gsi1", "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}, {"AttributeName": "gsi1sk", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}])
    if waits["style"] == "waiters":
        ddb.get_waiter("table_exists").wait(TableName=name + "-table")
    while ddb.describe_table(TableName=name + "-table")["Table"]["TableStatus"] != "ACTIVE":
        time.sleep(0.25)
    for group in ("/aws/lambda/" + name, "/aws/apigateway/" + name):
        logs.create_log_group(logGroupName=group)
        logs.put_retention_policy(logGroupName=group, retentionInDays=14)
    api_id = gw.create_api(Name=name + "-api", ProtocolType="HTTP")["ApiId"]
    while True:  # a new role reaches Lambda after seconds: retried at the same steady 250 ms as hoist
        try:
            lam.create_function(FunctionName=name, Runtime="provided.al2023", Role=role_arn, Handler="bootstrap", Code={"ZipFile": zip_bytes},
                                Timeout=30, MemorySize=256, Environment={"Variables": {"TABLE_NAME": name + "-table"}})
            break
        except lam.exceptions.InvalidParameterValueException as error:
            if "cannot be assumed" not in str(error):
                raise
            time.sleep(1.0 if waits["style"] == "waiters" else 0.25)
    wait_function()
    version = lam.publish_version(FunctionName=name)["Version"]
    lam.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    gw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    integration = gw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=f"arn:aws:lambda:us-east-1:{account}:function:{name}:live", PayloadFormatVersion="2.0")
    quietly(lambda: lam.remove_permission(FunctionName=name, Qualifier="live", StatementId="AllowAPIGateway"), "ResourceNotFoundException")
    lam.add_permission(FunctionName=name, Qualifier="live", StatementId="AllowAPIGateway", Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com",
                       SourceArn=f"arn:aws:execute-api:us-east-1:{account}:{api_id}/*/*")
    gw.create_route(ApiId=api_id, RouteKey="$default", Target="integrations/" + integration["IntegrationId"])
    state["api"] = api_id


def script_update(code):
    sts.get_caller_identity()
    if lam.get_function_configuration(FunctionName=name)["CodeSha256"] != code[0]:
        wait_function()
        lam.update_function_code(FunctionName=name, ZipFile=code[1])
        wait_function()
        lam.update_alias(FunctionName=name, Name="live", FunctionVersion=lam.publish_version(FunctionName=name)["Version"])


def script_destroy():
    observe()
    api_id = state["api"]
    for route in gw.get_routes(ApiId=api_id)["Items"]:
        gw.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    lam.remove_permission(FunctionName=name, Qualifier="live", StatementId="AllowAPIGateway")
    for integration in gw.get_integrations(ApiId=api_id)["Items"]:
        gw.delete_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"])
    gw.delete_stage(ApiId=api_id, StageName="$default")
    lam.delete_function(FunctionName=name)
    gw.delete_api(ApiId=api_id)
    for group in ("/aws/apigateway/" + name, "/aws/lambda/" + name):
        logs.delete_log_group(logGroupName=group)
    ddb.delete_table(TableName=name + "-table")
    iam.detach_role_policy(RoleName=name + "-role", PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    iam.delete_role_policy(RoleName=name + "-role", PolicyName="dynamodb-access")
    iam.delete_role(RoleName=name + "-role")


import base64, hashlib  # noqa: E402
current = base64.b64encode(hashlib.sha256(zip_bytes).digest()).decode()
other = zip_bytes + b"\0"
script_rows = [timed("deploy", script_deploy)]
script_rows.append(timed("no-op re-deploy", observe))
script_rows.append(timed("update-code, unchanged", lambda: script_update((current, zip_bytes))))
script_rows.append(timed("update-code, changed", lambda: script_update(("different", other))))
script_rows.append(timed("destroy", script_destroy))
if REALISTIC is not None:
    waits["style"] = "waiters"
    name = "waiters-dev"
    waiters_deploy = timed("deploy", script_deploy)
    script_destroy()

moto.terminate()
mode = f"; real-AWS mode, delays x {REALISTIC}" if REALISTIC is not None else ""
print(f"every request delayed {LATENCY * 1000:.0f} ms by a loopback proxy; one moto server{mode}; wall time per command")
print(f"{'phase':<24}{'hoist s':>9}{'calls':>7}{'script s':>10}{'calls':>7}{'hoist/script':>14}")
for (label, h, hc), (_, s, sc) in zip(hoist_rows, script_rows):
    print(f"{label:<24}{h:>9.2f}{hc:>7}{s:>10.2f}{sc:>7}{h / s:>13.2f}x")
print(f"\nunchanged project, hoist only{'':<6}{'snapshot equal s':>18}{'README touched s':>18}   (the second runs swift build, a no-op)")
for label, equal, calls, touched in unchanged_rows:
    print(f"{label:<35}{equal:>18.2f}{touched:>18.2f}")
print(f"\nreleases, hoist only{'':<4}{'s':>9}{'calls':>7}")
for label, seconds, calls in release_rows:
    print(f"{label:<24}{seconds:>9.2f}{calls:>7}")
rollback, redeploy = release_rows[0][1], release_rows[1][1]
print(f"target rollback <= 0.1x re-deploying the old code: {'met' if rollback <= 0.1 * redeploy else 'NOT met'} ({rollback / redeploy:.3f}x)")
deploy, noop = hoist_rows[0][1], hoist_rows[1][1]
if REALISTIC is None:
    print(f"target deploy <= 0.4x script: {'met' if deploy <= 0.4 * script_rows[0][1] else 'NOT met'} ({deploy / script_rows[0][1]:.2f}x)")
    print(f"target no-op re-deploy <= 0.1x hoist's first deploy: {'met' if noop <= 0.1 * deploy else 'NOT met'} ({noop / deploy:.2f}x)")
else:
    # After activation three calls must follow one another before the API can call the function: PublishVersion
    # (of the settled function), CreateAlias (of that version), AddPermission (on the alias): a round trip each.
    critical = (real_aws.ROLE_PROPAGATION + real_aws.FUNCTION_CREATE) * REALISTIC + 3 * LATENCY
    print(f"{'critical path':<24}{critical:>9.2f}        (role propagation {real_aws.ROLE_PROPAGATION * REALISTIC:.1f} s + function activation "
          f"{real_aws.FUNCTION_CREATE * REALISTIC:.1f} s + publish, alias, permission: 3 round trips)")
    print(f"target deploy <= 1.05x the critical path: {'met' if deploy <= 1.05 * critical else 'NOT met'} ({deploy / critical:.3f}x)")
    print(f"{'deploy, boto3 waiters':<24}{'':>9}{'':>7}{waiters_deploy[1]:>10.2f}{waiters_deploy[2]:>7}{deploy / waiters_deploy[1]:>13.2f}x   (the script with boto3's own waiters)")
    print(f"target deploy <= 0.7x script: with the same 250 ms polls {deploy / script_rows[0][1]:.2f}x, "
          f"with boto3's waiters {deploy / waiters_deploy[1]:.2f}x ({'met' if deploy <= 0.7 * waiters_deploy[1] else 'NOT met'})")
    print(f"target no-op re-deploy <= 0.05x hoist's first deploy, 0 writes: {'met' if noop <= 0.05 * deploy and noop_writes == 0 else 'NOT met'} "
          f"({noop / deploy:.3f}x, {noop_writes} writes)")
