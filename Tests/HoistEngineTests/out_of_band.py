"""Changes a deployed stack behind hoist's back, with boto3, for RealAWSTests.

argv: endpoint, access key, secret, action, name.
- recreate-role NAME: deletes the role (its policies first) and makes it again with the same trust policy and
  tags, so it must reach Lambda again as a new role does.
- set-boundary NAME, drop-boundary NAME: puts ReadOnlyAccess as the role's permissions boundary, or removes it.
- foreign-role NAME, foreign-table NAME, foreign-log-group NAME, foreign-function NAME: makes one of that name
  without hoist's tags (the function with a role of its own, NAME-other-role).
- foreign-api NAME: makes an untagged HTTP API and prints its id.
- tracing-off NAME: sets the function's X-Ray tracing to PassThrough.
- busy-function NAME: starts an update of the function's description and returns at once, leaving the
  function InProgress.
- orphans NAME: adds what lost answers leave: a second API with hoist's name and tags, with an integration,
  and an integration on the stack's API that no route targets; plus an API of the same name without hoist's
  tags (someone else's, never to be touched). Prints the ids as JSON.
"""
import io
import json
import sys
import zipfile

import boto3

endpoint, key, secret, action, name = sys.argv[1:6]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
if action == "recreate-role":
    iam = boto3.client("iam", **kw)
    role = iam.get_role(RoleName=name)["Role"]
    for policy in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
        iam.detach_role_policy(RoleName=name, PolicyArn=policy["PolicyArn"])
    for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
        iam.delete_role_policy(RoleName=name, PolicyName=policy)
    iam.delete_role(RoleName=name)
    # Made again with its tags, as a teammate restoring it would: one without them is not hoist's to adopt.
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(role["AssumeRolePolicyDocument"]), Tags=role.get("Tags", []))
elif action == "foreign-role":
    # A role of the stack's name that someone else made: no hoist tags.
    boto3.client("iam", **kw).create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))
elif action == "set-boundary":
    boto3.client("iam", **kw).put_role_permissions_boundary(RoleName=name, PermissionsBoundary="arn:aws:iam::aws:policy/ReadOnlyAccess")
elif action == "drop-boundary":
    boto3.client("iam", **kw).delete_role_permissions_boundary(RoleName=name)
elif action == "foreign-table":
    boto3.client("dynamodb", **kw).create_table(
        TableName=name, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST")
elif action == "foreign-log-group":
    boto3.client("logs", **kw).create_log_group(logGroupName=name)
elif action == "foreign-function":
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    arn = boto3.client("iam", **kw).create_role(RoleName=name + "-other-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("bootstrap", "#!/bin/sh\n")
    boto3.client("lambda", **kw).create_function(FunctionName=name, Runtime="provided.al2023", Role=arn, Handler="bootstrap", Code={"ZipFile": archive.getvalue()})
elif action == "foreign-api":
    # An HTTP API of someone else's, untagged, whose id is then written into the state.
    print(boto3.client("apigatewayv2", **kw).create_api(Name="payments", ProtocolType="HTTP")["ApiId"])
elif action == "tracing-off":
    boto3.client("lambda", **kw).update_function_configuration(FunctionName=name, TracingConfig={"Mode": "PassThrough"})
elif action == "busy-function":
    boto3.client("lambda", **kw).update_function_configuration(FunctionName=name, Description="changed by someone else")
elif action == "orphans":
    gw = boto3.client("apigatewayv2", **kw)
    project, env = name.rsplit("-", 1)
    apis = [a for a in gw.get_apis()["Items"] if a["Name"] == name + "-api"]
    stack_api = apis[0]["ApiId"]
    uri = f"arn:aws:lambda:us-east-1:123456789012:function:{name}"
    dangling = gw.create_integration(ApiId=stack_api, IntegrationType="AWS_PROXY", IntegrationUri=uri, PayloadFormatVersion="2.0")["IntegrationId"]
    second = gw.create_api(Name=name + "-api", ProtocolType="HTTP", Tags={"hoist:project": project, "hoist:env": env})["ApiId"]
    gw.create_integration(ApiId=second, IntegrationType="AWS_PROXY", IntegrationUri=uri, PayloadFormatVersion="2.0")
    foreign = gw.create_api(Name=name + "-api", ProtocolType="HTTP")["ApiId"]
    print(json.dumps({"stackApi": stack_api, "dangling": dangling, "second": second, "foreign": foreign}))
