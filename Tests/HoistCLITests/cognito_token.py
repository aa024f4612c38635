"""Signs a user in to a moto Cognito user pool for LocalTests: creates the user with a permanent password and
prints the IdToken moto issues (RS256, the pool's issuer, the app client as audience).

argv: endpoint, access key, secret, user pool id, app client id.
"""
import sys

import boto3

endpoint, key, secret, pool, client = sys.argv[1:6]
idp = boto3.client("cognito-idp", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS")
idp.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Correct-Horse-9", Permanent=True)
answer = idp.admin_initiate_auth(
    UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "ana", "PASSWORD": "Correct-Horse-9"})
print(answer["AuthenticationResult"]["IdToken"])
