"""S3 as an independent client (boto3) sees it, for the team-state tests:
`s3_objects.py ENDPOINT KEY SECRET create-bucket BUCKET` makes the bucket;
`s3_objects.py ENDPOINT KEY SECRET get BUCKET KEY` prints the object's body, or exits 3 when there is none;
`s3_objects.py ENDPOINT KEY SECRET put BUCKET KEY TEXT` writes TEXT as the object, unconditionally;
`s3_objects.py ENDPOINT KEY SECRET delete BUCKET KEY` deletes the object, unconditionally."""
import sys

import boto3

endpoint, key, secret, action, bucket = sys.argv[1:6]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
if action == "create-bucket":
    s3.create_bucket(Bucket=bucket)
elif action == "get":
    try:
        sys.stdout.write(s3.get_object(Bucket=bucket, Key=sys.argv[6])["Body"].read().decode())
    except s3.exceptions.NoSuchKey:
        sys.exit(3)
elif action == "put":
    s3.put_object(Bucket=bucket, Key=sys.argv[6], Body=sys.argv[7].encode())
elif action == "delete":
    s3.delete_object(Bucket=bucket, Key=sys.argv[6])
else:
    sys.exit(f"unknown action {action}")
