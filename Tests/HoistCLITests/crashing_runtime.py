"""A Runtime API client for LocalTests that dies in the middle of its first invocation.

The first time it runs (no marker file yet) it takes an event and exits without answering, like a bootstrap
that crashes; restarted, it answers every event with 200 {"restarted": true}.
"""
import json
import os
import sys
import urllib.request

marker = sys.argv[1]
base = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime"
first_run = not os.path.exists(marker)
open(marker, "a").close()
while True:
    with urllib.request.urlopen(base + "/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        response.read()
    if first_run:
        os._exit(3)
    body = json.dumps({"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({"restarted": True})}).encode()
    urllib.request.urlopen(urllib.request.Request(base + f"/invocation/{request_id}/response", data=body, method="POST")).read()
