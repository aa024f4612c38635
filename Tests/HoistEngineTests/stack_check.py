"""Reads a deployed hoist stack with boto3 (an independent client) for EngineTests; prints JSON.

argv: endpoint, access key, secret, function name (<project>-<env>). Absent resources are null.
"""
import json
import sys

import boto3
import botocore

endpoint, key, secret, name = sys.argv[1:5]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
iam, lam, gw, ddb, logs, idp = (boto3.client(s, **kw) for s in ("iam", "lambda", "apigatewayv2", "dynamodb", "logs", "cognito-idp"))
out = {}


def absent_on(codes, call):
    try:
        return call()
    except botocore.exceptions.ClientError as error:
        if error.response["Error"]["Code"] in codes:
            return None
        raise


def authorizers(api_id):
    """Every authorizer of the API, read over botocore's own signed request (boto3's GetAuthorizers)."""
    return [
        {"id": a["AuthorizerId"], "name": a["Name"], "issuer": a.get("JwtConfiguration", {}).get("Issuer"),
         "audience": a.get("JwtConfiguration", {}).get("Audience"), "identitySource": a.get("IdentitySource")}
        for a in gw.get_authorizers(ApiId=api_id).get("Items", [])
    ]


def inline_policy(role_name, policy_name):
    """An inline policy's actions and resources (of its one statement), or None."""
    document = absent_on({"NoSuchEntity"}, lambda: iam.get_role_policy(RoleName=role_name, PolicyName=policy_name)["PolicyDocument"])
    if document is None:
        return None
    statement = document["Statement"][0]
    resources = statement["Resource"]
    return {"actions": sorted(statement["Action"]), "resources": resources if isinstance(resources, list) else [resources]}


role = absent_on({"NoSuchEntity"}, lambda: iam.get_role(RoleName=name + "-role")["Role"])
if role:
    policy = iam.get_role_policy(RoleName=name + "-role", PolicyName="dynamodb-access")["PolicyDocument"]
    out["role"] = {
        "trustService": role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "policyActions": sorted(policy["Statement"][0]["Action"]),
        "policyResources": policy["Statement"][0]["Resource"],
        "attached": [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=name + "-role")["AttachedPolicies"]],
        "inline": sorted(iam.list_role_policies(RoleName=name + "-role")["PolicyNames"]),
        "logsWrite": inline_policy(name + "-role", "logs-write"),
        "xrayWrite": inline_policy(name + "-role", "xray-write"),
        "tags": {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=name + "-role")["Tags"]},
        "boundary": role.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn"),
    }
function = absent_on({"ResourceNotFoundException"}, lambda: lam.get_function(FunctionName=name))
if function:
    c = function["Configuration"]
    policy = absent_on({"ResourceNotFoundException"}, lambda: json.loads(lam.get_policy(FunctionName=name)["Policy"]))
    alias = absent_on({"ResourceNotFoundException"}, lambda: lam.get_alias(FunctionName=name, Name="live"))
    alias_policy = alias and absent_on({"ResourceNotFoundException"}, lambda: json.loads(lam.get_policy(FunctionName=name, Qualifier="live")["Policy"]))
    provisioned = alias and absent_on(
        {"ProvisionedConcurrencyConfigNotFoundException", "ResourceNotFoundException"},
        lambda: lam.get_provisioned_concurrency_config(FunctionName=name, Qualifier="live"))
    versions = [v for v in lam.list_versions_by_function(FunctionName=name)["Versions"] if v["Version"] != "$LATEST"]
    out["function"] = {
        "memory": c["MemorySize"], "timeout": c["Timeout"], "runtime": c["Runtime"], "handler": c["Handler"], "role": c["Role"],
        "environment": c.get("Environment", {}).get("Variables", {}), "codeSha256": c["CodeSha256"], "architectures": c.get("Architectures"),
        "tags": function.get("Tags", {}),
        "reservedConcurrency": function.get("Concurrency", {}).get("ReservedConcurrentExecutions"),
        "tracing": c.get("TracingConfig", {}).get("Mode"),
        "permissionSourceArn": [s["Condition"]["ArnLike"]["AWS:SourceArn"] for s in (alias_policy or {}).get("Statement", []) if s.get("Sid") == "AllowAPIGateway"],
        "unqualifiedPermission": [s["Condition"]["ArnLike"]["AWS:SourceArn"] for s in (policy or {}).get("Statement", []) if s.get("Sid") == "AllowAPIGateway"],
        "live": alias and alias["FunctionVersion"],
        "canary": alias and alias.get("RoutingConfig", {}).get("AdditionalVersionWeights") or None,
        "versions": [{"number": v["Version"], "codeSha256": v["CodeSha256"], "description": v.get("Description"), "memory": v["MemorySize"]} for v in versions],
        "provisioned": provisioned and {"requested": provisioned["RequestedProvisionedConcurrentExecutions"], "status": provisioned["Status"]},
    }
apis = [a for a in gw.get_apis()["Items"] if a["Name"] == name + "-api"]
out["apiCount"] = len(apis)
if apis:
    api = apis[0]
    integrations = gw.get_integrations(ApiId=api["ApiId"])["Items"]
    routes = gw.get_routes(ApiId=api["ApiId"])["Items"]
    stage = absent_on({"NotFoundException"}, lambda: gw.get_stage(ApiId=api["ApiId"], StageName="$default"))
    out["api"] = {
        "id": api["ApiId"], "protocol": api["ProtocolType"], "cors": api.get("CorsConfiguration"), "tags": api.get("Tags", {}),
        "integrations": [{"id": i["IntegrationId"], "type": i["IntegrationType"], "uri": i.get("IntegrationUri"), "payload": i.get("PayloadFormatVersion")} for i in integrations],
        "routes": [{"key": r["RouteKey"], "target": r.get("Target"), "auth": r.get("AuthorizationType") or "NONE", "authorizer": r.get("AuthorizerId") or None} for r in routes],
        "authorizers": authorizers(api["ApiId"]),
        "stage": stage and {
            "autoDeploy": stage.get("AutoDeploy"), "accessLogs": stage.get("AccessLogSettings"),
            "throttling": [stage.get("DefaultRouteSettings", {}).get(k) for k in ("ThrottlingRateLimit", "ThrottlingBurstLimit")],
        },
    }
pools = [p for p in idp.list_user_pools(MaxResults=60)["UserPools"] if p["Name"] == name + "-users"]
out["userPools"] = [
    {"id": p["Id"], "tags": idp.describe_user_pool(UserPoolId=p["Id"])["UserPool"].get("UserPoolTags", {}),
     "clients": [c["ClientName"] for c in idp.list_user_pool_clients(UserPoolId=p["Id"], MaxResults=60)["UserPoolClients"]]}
    for p in pools
]
table = absent_on({"ResourceNotFoundException"}, lambda: ddb.describe_table(TableName=name + "-table")["Table"])
# A table DELETING is gone for every purpose (hoist plans it as absent): in real-AWS mode DescribeTable still
# answers for it while moto has already dropped it, so its tags and backups can no longer be read.
if table and table.get("TableStatus") != "DELETING":
    out["table"] = {
        "keys": [[k["AttributeName"], k["KeyType"]] for k in table["KeySchema"]],
        "billing": table.get("BillingModeSummary", {}).get("BillingMode"),
        "indexes": [{"name": i["IndexName"], "keys": [[k["AttributeName"], k["KeyType"]] for k in i["KeySchema"]], "projection": i["Projection"]["ProjectionType"]} for i in table.get("GlobalSecondaryIndexes", [])],
        "tags": {t["Key"]: t["Value"] for t in ddb.list_tags_of_resource(ResourceArn=table["TableArn"]).get("Tags", [])},
        "deletionProtection": table.get("DeletionProtectionEnabled", False),
        "pointInTimeRecovery": ddb.describe_continuous_backups(TableName=name + "-table")["ContinuousBackupsDescription"]
        .get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus") == "ENABLED",
    }
out["logGroups"] = {g["logGroupName"]: g.get("retentionInDays") for g in logs.describe_log_groups()["logGroups"] if g["logGroupName"].endswith(name)}
json.dump(out, sys.stdout)
