"""Parameter Store and the deployed function as an independent client (boto3) sees them, for InitTemplateTests
and ParameterReferencesTests:
`parameter.py ENDPOINT KEY SECRET put NAME VALUE [NAME VALUE...]` makes each NAME a SecureString (the AWS
managed key);
`parameter.py ENDPOINT KEY SECRET deployed FUNCTION` prints, as JSON, the function's environment variables and
CodeSha256 (Lambda's configuration) and its role's parameter-access policy."""
import json
import sys

import boto3

endpoint, key, secret, action, name = sys.argv[1:6]
session = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
if action == "put":
    pairs = sys.argv[5:]
    for index in range(0, len(pairs), 2):
        boto3.client("ssm", **session).put_parameter(Name=pairs[index], Value=pairs[index + 1], Type="SecureString")
elif action == "deployed":
    configuration = boto3.client("lambda", **session).get_function_configuration(FunctionName=name)
    policy = boto3.client("iam", **session).get_role_policy(RoleName=f"{name}-role", PolicyName="parameter-access")["PolicyDocument"]
    print(json.dumps({"variables": configuration["Environment"]["Variables"], "policy": policy, "codeSha256": configuration["CodeSha256"]}))
else:
    sys.exit(f"unknown action {action}")
