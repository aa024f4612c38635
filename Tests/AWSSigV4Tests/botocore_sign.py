"""Signs requests with botocore's SigV4Auth, stage by stage, for the differential test.

Reads a JSON list of requests from argv[1] and prints, per request, botocore's canonical request, string to
sign and signature. `add_auth` reads the clock, so the timestamp goes into request.context and the stages are
called directly; X-Amz-Date and the session token are set as headers by the caller, as hoist's signer sets them.
"""
import base64
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

results = []
with open(sys.argv[1], encoding="utf-8") as handle:
    cases = json.load(handle)
for case in cases:
    request = AWSRequest(method=case["method"], url=case["url"], data=base64.b64decode(case["body"]))
    for name, value in case["headers"]:
        request.headers[name] = value
    request.context["timestamp"] = case["date"]
    auth = SigV4Auth(Credentials(case["accessKeyID"], case["secretAccessKey"], case.get("sessionToken")), case["service"], case["region"])
    canonical = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical)
    results.append({"canonicalRequest": canonical, "stringToSign": string_to_sign, "signature": auth.signature(string_to_sign, request)})
json.dump(results, sys.stdout)
