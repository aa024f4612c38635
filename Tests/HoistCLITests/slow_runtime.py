"""A Runtime API client for LocalTests that never answers its first invocation, like a function past its timeout.

Each start appends its pid to PIDS. The first run (no MARKER yet) takes an event and hangs; the replacement
answers every event with 200 and what the Runtime API told it: the milliseconds left to the deadline and the
function ARN.
"""
import json
import os
import sys
import time
import urllib.request

marker, pids = sys.argv[1], sys.argv[2]
with open(pids, "a") as handle:
    handle.write(f"{os.getpid()}\n")
base = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime"
first_run = not os.path.exists(marker)
open(marker, "a").close()
while True:
    with urllib.request.urlopen(base + "/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        left = int(response.headers["Lambda-Runtime-Deadline-Ms"]) - int(time.time() * 1000)
        arn = response.headers["Lambda-Runtime-Invoked-Function-Arn"]
        response.read()
    if first_run:
        time.sleep(600)
    body = json.dumps({"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({"left": left, "arn": arn})}).encode()
    urllib.request.urlopen(urllib.request.Request(base + f"/invocation/{request_id}/response", data=body, method="POST")).read()
