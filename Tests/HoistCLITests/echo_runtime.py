"""A Runtime API client for LocalTests that answers every event with 200 (or the status given as its first
argument) and what API Gateway told the function about the caller: the route key and the request context's
authorizer. A second argument names a file to write the Runtime API's address to."""
import json
import os
import sys
import urllib.request

status = int(sys.argv[1]) if len(sys.argv) > 1 else 200
if len(sys.argv) > 2:
    with open(sys.argv[2], "w") as address:
        address.write(os.environ["AWS_LAMBDA_RUNTIME_API"])

base = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime"
while True:
    with urllib.request.urlopen(base + "/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(response.read())
    told = {"routeKey": event.get("routeKey"), "authorizer": event["requestContext"].get("authorizer")}
    body = json.dumps({"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(told)}).encode()
    urllib.request.urlopen(urllib.request.Request(base + f"/invocation/{request_id}/response", data=body, method="POST")).read()
