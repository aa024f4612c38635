"""hoist's Swift bootstrap against the seed's Python handler, both behind the same `hoist local` Runtime API.

Run by scripts/bench-function. The Python handler is the seed's "Lambda Handler (Python)" block, extracted
from ../shared/seed/aws-lambda-api.md at run time and run by awslambdaric; both use the same moto DynamoDB.
Cold start is from the moment `hoist local` says it serves (the function process is started then) to the
first answer; warm latency is over a bounded loop of requests; RSS is the function process's.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile

import boto3

HOIST, ZIP_PATH, REQUESTS = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 200
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "..", "shared", "seed", "aws-lambda-api.md")

moto = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/moto_server.py")], stdout=subprocess.PIPE, text=True)
ready = json.loads(moto.stdout.readline())
env = dict(os.environ, AWS_ENDPOINT_URL=ready["endpoint"], AWS_ACCESS_KEY_ID=ready["accessKeyId"], AWS_SECRET_ACCESS_KEY=ready["secretAccessKey"],
           AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
boto3.client("dynamodb", endpoint_url=ready["endpoint"], region_name="us-east-1", aws_access_key_id=ready["accessKeyId"],
             aws_secret_access_key=ready["secretAccessKey"]).create_table(
    TableName="bench-dev-table", BillingMode="PAY_PER_REQUEST",
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}])

work = tempfile.mkdtemp(prefix="hoist-function-bench-")
with open(SEED, encoding="utf-8") as handle:
    seed = handle.read()
python_handler = re.search(r"### Lambda Handler \(Python\)\n```python\n(.*?)```", seed, re.S).group(1)
with open(os.path.join(work, "handler.py"), "w") as handle:
    handle.write(python_handler)
config = os.path.join(work, "hoist.yml")
with open(config, "w") as handle:
    # PYTHONPATH lets awslambdaric import handler.py; the Swift bootstrap ignores it.
    handle.write(f"project_name: bench\nresources:\n  - type: aws_lambda\n    config:\n      environment: {{PYTHONPATH: {work}}}\n")


def request(url, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as response:
        response.read()
        return response.status


def rss_kib(parent):
    # The function process is a child of some thread of `hoist local`, not necessarily the main one.
    children = [pid for task in os.listdir(f"/proc/{parent}/task") for pid in open(f"/proc/{parent}/task/{task}/children").read().split()]
    for child in children:
        for line in open(f"/proc/{child}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(label, extra, config=config, cwd=ROOT):
    process = subprocess.Popen([HOIST, "local", "--config", config, "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=env, cwd=cwd)
    line = process.stdout.readline()
    # The function's log lines follow on the same pipe; keep draining it, or a full pipe stalls the function.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    start = time.perf_counter()
    url = line.split()[1]
    status = request(url + "/items")
    cold = time.perf_counter() - start
    assert status == 200, status
    request(url + "/items", "POST", {"name": "warm-up"})
    latencies = []
    for index in range(REQUESTS):
        began = time.perf_counter()
        request(url + "/items") if index % 2 else request(url + "/items", "POST", {"name": f"item {index}"})
        latencies.append(time.perf_counter() - began)
    rss = rss_kib(process.pid)
    process.terminate()
    process.wait()
    latencies.sort()
    return label, cold, statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1], rss


# The hello template as `hoist init` writes it: the smallest function a user starts from.
hello = os.path.join(work, "hello")
os.makedirs(hello)
subprocess.run([HOIST, "init", "--runtime-package", ROOT], cwd=hello, env=env, check=True, stdout=subprocess.DEVNULL)
subprocess.run([HOIST, "package"], cwd=hello, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
hello_zip = os.path.join(hello, ".build/hoist/x86_64/function.zip")

rows = [measure("items API (Swift)", [])]
rows.append(measure("hello template (Swift)", [], config="hoist.yml", cwd=hello))
rows.append(measure("seed handler (Python)", ["--command", f"{sys.executable} -m awslambdaric handler.handler"]))
python_zip = os.path.join(work, "python.zip")
with zipfile.ZipFile(python_zip, "w", zipfile.ZIP_DEFLATED) as archive:
    archive.write(os.path.join(work, "handler.py"), "handler.py")
zips = [ZIP_PATH, hello_zip, python_zip]
sizes = [os.path.getsize(path) for path in zips]
unzipped = [sum(entry.file_size for entry in zipfile.ZipFile(path).infolist()) for path in zips]
moto.terminate()

print(f"each behind hoist local's Runtime API, DynamoDB on one moto server; {REQUESTS} warm requests (GET /items and POST /items alternating;")
print("hello answers both with its greeting). Cold: from the process start to the first answer.")
print(f"{'function':<26}{'cold ms':>9}{'p50 ms':>9}{'p99 ms':>9}{'RSS MiB':>9}{'zip bytes':>12}{'unzipped':>12}")
for (label, cold, p50, p99, rss), size, whole in zip(rows, sizes, unzipped):
    print(f"{label:<26}{cold * 1000:>9.1f}{p50 * 1000:>9.2f}{p99 * 1000:>9.2f}{rss / 1024:>9.1f}{size:>12,}{whole:>12,}")
ratio = rows[0][1] / rows[2][1]
print(f"cold start hoist/python: {ratio:.2f}x (target <= 0.1x: {'met' if ratio <= 0.1 else 'NOT met'})")
print(f"zipped bootstrap: {sizes[0] / 1e6:.1f} MB (target <= 8 MB: {'met' if sizes[0] <= 8e6 else 'NOT met'}); the Python zip excludes boto3, which Lambda's Python runtime provides")
print(f"size targets of issue 25: hello <= 3 MB ({sizes[1] / 1e6:.1f} MB: {'met' if sizes[1] <= 3e6 else 'NOT met'}), items <= 4 MB ({sizes[0] / 1e6:.1f} MB: {'met' if sizes[0] <= 4e6 else 'NOT met'})")
