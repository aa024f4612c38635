"""A Runtime API client for DevTests: answers every event with 200 and {"version": VERSION}. With a second
argument, a URL, it calls that URL before each answer and answers only once the call returns, so the test
decides when a call under way ends."""
import json
import os
import sys
import urllib.request

version = sys.argv[1]
gate = sys.argv[2] if len(sys.argv) > 2 else None
base = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime"
while True:
    with urllib.request.urlopen(base + "/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        response.read()
    if gate:
        urllib.request.urlopen(gate).read()
    body = json.dumps({"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({"version": version})}).encode()
    urllib.request.urlopen(urllib.request.Request(base + f"/invocation/{request_id}/response", data=body, method="POST")).read()
