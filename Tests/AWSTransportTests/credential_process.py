"""A credential_process for the tests: prints the AWS CLI's Version 1 JSON, counting its runs in a file.

credential_process.py MODE COUNTER [KEY SECRET]; MODE is long (expires in an hour), short (in a minute,
inside the five-minute refresh margin), keys (KEY and SECRET, no expiry), fail (exit 3 with a message on
stderr), garbage (not JSON) or hang (never ends, as a helper waiting for input).
"""
import datetime
import json
import sys

mode, counter = sys.argv[1], sys.argv[2]
try:
    with open(counter) as handle:
        runs = int(handle.read()) + 1
except FileNotFoundError:
    runs = 1
with open(counter, "w") as handle:
    handle.write(str(runs))
if mode == "fail":
    print("token expired: run aws-vault login", file=sys.stderr)
    sys.exit(3)
if mode == "hang":
    import time
    time.sleep(600)
if mode == "garbage":
    print("Enter MFA code:")
    sys.exit(0)
output = {"Version": 1, "AccessKeyId": f"AKPROCESS{runs}", "SecretAccessKey": "process-secret", "SessionToken": f"token-{runs}"}
if mode == "keys":
    output = {"Version": 1, "AccessKeyId": sys.argv[3], "SecretAccessKey": sys.argv[4]}
else:
    lifetime = datetime.timedelta(hours=1) if mode == "long" else datetime.timedelta(minutes=1)
    output["Expiration"] = (datetime.datetime.now(datetime.timezone.utc) + lifetime).strftime("%Y-%m-%dT%H:%M:%SZ")
print(json.dumps(output))
