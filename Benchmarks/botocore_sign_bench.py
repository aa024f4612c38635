"""botocore's SigV4Auth.add_auth on the same DynamoDB PutItem request as Benchmarks/SigV4; prints JSON."""
import json
import sys
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

body = b'{"TableName":"my-api-dev-table","Item":{"pk":{"S":"ITEM"},"sk":{"S":"6f1c2b9e-8d7a-4f57-9b1e-2a3c4d5e6f70"},"name":{"S":"widget"},"createdAt":{"S":"2026-11-25T20:00:00Z"}}}'
auth = SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLETOKEN"), "dynamodb", "us-east-1")
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
count = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    for _ in range(100):
        request = AWSRequest(method="POST", url="https://dynamodb.us-east-1.amazonaws.com/", data=body, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.PutItem"})
        auth.add_auth(request)
        count += 1
print(json.dumps({"signs": count, "seconds": time.perf_counter() - start}))
