"""Makes an IAM user holding exactly one inline policy, for DeployerPolicyTests: the identity a least-privilege
deploy runs as.

argv: endpoint, access key, secret, user name, policy document (JSON). Prints {accessKeyId, secretAccessKey}.
"""
import json
import sys

import boto3

endpoint, key, secret, user, policy = sys.argv[1:6]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
iam.create_user(UserName=user)
iam.put_user_policy(UserName=user, PolicyName="hoist-deployer", PolicyDocument=policy)
created = iam.create_access_key(UserName=user)["AccessKey"]
print(json.dumps({"accessKeyId": created["AccessKeyId"], "secretAccessKey": created["SecretAccessKey"]}))
