"""Acts on a deployed stack's releases behind hoist's back, with boto3, for ReleaseTests.

argv: endpoint, access key, secret, action, name.
- pre-alias NAME: turns the stack into one deployed before aliases: the integration targets the unqualified
  function, hoist's statement is granted on the function itself, and alias live and every version are gone.
- drop-provisioned NAME: deletes live's provisioned concurrency.
- errors NAME VERSION: records 3 errors of VERSION invoked through live, now, as Lambda reports them.
- delete-served NAME: tries to delete the version live serves; prints the error code and message Lambda answers.
"""
import datetime
import json
import sys

import boto3

endpoint, key, secret, action, name = sys.argv[1:6]
extra = sys.argv[6:]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
lam = boto3.client("lambda", **kw)
if action == "pre-alias":
    gw = boto3.client("apigatewayv2", **kw)
    function_arn = lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    api = next(a for a in gw.get_apis()["Items"] if a["Name"] == name + "-api")
    for integration in gw.get_integrations(ApiId=api["ApiId"])["Items"]:
        gw.update_integration(ApiId=api["ApiId"], IntegrationId=integration["IntegrationId"], IntegrationUri=function_arn)
    statement = json.loads(lam.get_policy(FunctionName=name, Qualifier="live")["Policy"])["Statement"][0]
    lam.add_permission(
        FunctionName=name, StatementId="AllowAPIGateway", Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com",
        SourceArn=statement["Condition"]["ArnLike"]["AWS:SourceArn"])
    lam.delete_alias(FunctionName=name, Name="live")
    for version in lam.list_versions_by_function(FunctionName=name)["Versions"]:
        if version["Version"] != "$LATEST":
            lam.delete_function(FunctionName=name, Qualifier=version["Version"])
elif action == "drop-provisioned":
    lam.delete_provisioned_concurrency_config(FunctionName=name, Qualifier="live")
elif action == "errors":
    cloudwatch = boto3.client("cloudwatch", **kw)
    dimensions = [{"Name": "FunctionName", "Value": name}, {"Name": "Resource", "Value": name + ":live"}, {"Name": "ExecutedVersion", "Value": extra[0]}]
    cloudwatch.put_metric_data(
        Namespace="AWS/Lambda", MetricData=[{"MetricName": "Errors", "Dimensions": dimensions, "Value": 3, "Timestamp": datetime.datetime.now(datetime.timezone.utc)}])
elif action == "delete-served":
    served = lam.get_alias(FunctionName=name, Name="live")["FunctionVersion"]
    try:
        lam.delete_function(FunctionName=name, Qualifier=served)
        print("deleted")
    except lam.exceptions.ResourceConflictException as error:
        print(error.response["Error"]["Code"], error.response["Error"]["Message"])
else:
    sys.exit(f"unknown action {action}")
