"""What real AWS does and moto does not: time, for hoist's tests and benchmarks ("real-AWS mode").

moto applies every change at once. AWS does not, and a deploy tool that only works because the answer came at
once is a bug waiting for a user. `RealAWSTiming` is a WSGI layer in front of moto that reproduces, with AWS's
status codes, error codes and message shapes, the behaviours hoist must wait for or retry, each delay multiplied
by `scale` (1.0 = the documented delays; tests use less):

- IAM: a new role is assumable by Lambda only ~8 s after CreateRole. Until then CreateFunction and
  UpdateFunctionConfiguration naming it answer 400 InvalidParameterValueException "The role defined for the
  function cannot be assumed by Lambda." (terraform-provider-aws#14285; Chalice retries it 30 x 5 s,
  aws/chalice `deployer.py`; hashicorp/terraform-provider-aws `internal/service/lambda/function.go` retries it
  for its propagation timeout.)
- Lambda with X-Ray: CreateFunction and UpdateFunctionConfiguration with TracingConfig Active answer 400
  InvalidParameterValueException "The provided execution role does not have permissions to call
  PutTraceSegments on XRAY" until the role has held a policy granting xray:PutTraceSegments for as long as a
  new role takes to propagate (coinbase/fenrir#1 quotes the answer; serverless/serverless#6931: turning tracing
  on races the role's policy update).
- Lambda: a new function is State Pending ~3 s, an updated one LastUpdateStatus InProgress ~3 s; meanwhile
  UpdateFunctionConfiguration, UpdateFunctionCode, PublishVersion, AddPermission and RemovePermission answer 409
  ResourceConflictException "The operation cannot be performed at this time. An update is in progress for
  resource: <arn>" (docs.aws.amazon.com/lambda/latest/dg/functions-states.html; botocore waiters
  FunctionActiveV2/FunctionUpdatedV2; terraform-provider-aws retries ResourceConflictException on permissions;
  PublishVersion too until the last update finished, functions-states.html: a version is a snapshot of a
  settled function).
  Provisioned concurrency stays IN_PROGRESS while allocated (scripts/moto_lambda_releases.py).
- DynamoDB: a new table is CREATING ~5 s, a deleted one DELETING ~4 s (DescribeTable still answers, with that
  status); meanwhile CreateTable/DeleteTable/UpdateTable of that name answer 400 ResourceInUseException
  "Attempt to change a resource which is still in use: Table is being created|deleted|updated: <name>"
  (terraform-provider-aws PR #3355, terraform-aws-modules/terraform-aws-dynamodb-table#51), and item
  operations on a CREATING table answer ResourceNotFoundException "Requested resource not found"
  (ExtendDB/extenddb PR #204, checked against the real service). UpdateTable (an index added) keeps the table
  UPDATING and the new index CREATING ~5 s.
- API Gateway's management API: 10 requests per second per account for "other operations", a token bucket;
  beyond it 429 TooManyRequestsException (docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).

Requests of the harness itself (the bootstrap user, /moto-api) pass untouched.

`POST /hoist-control/clock {"held": true}` stops time for those transitions, and for DNS validation and
provisioned concurrency, which read the same clock, until `{"held": false}`: a table stays CREATING and a role
unassumable for as long as a test needs hoist to be mid-deploy (a signal must land while steps are under way,
however loaded the machine), with no delay long enough "in practice". The API Gateway rate is not a
transition and keeps the real clock.
"""
import json
import threading
import time
import urllib.parse
import uuid
import zlib

ROLE_PROPAGATION = 8.0
FUNCTION_CREATE = 3.0
FUNCTION_UPDATE = 3.0
TABLE_CREATE = 5.0
TABLE_DELETE = 4.0
TABLE_UPDATE = 5.0
APIGATEWAY_RATE = 10.0  # requests per second, and the bucket's size

_LAMBDA_PREFIX = "/2015-03-31/functions"
_CLOCK_CONTROL = "/hoist-control/clock"


def error_response(status, code, message, protocol):
    """An AWS error answer in the protocol's own shape: (status line, headers, body bytes)."""
    request_id = str(uuid.uuid4())
    if protocol == "query":
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        ).encode()
        headers = [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)]
    elif protocol == "json":
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": message}).encode()
        headers = [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-RequestId", request_id)]
    else:
        body = json.dumps({"Type": "User", "message": message}).encode()
        headers = [("Content-Type", "application/json"), ("x-amzn-errortype", code), ("x-amzn-RequestId", request_id)]
    headers.append(("Content-Length", str(len(body))))
    reason = {400: "Bad Request", 409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}
    return f"{status} {reason.get(status, 'Error')}", headers, body


def protocol_of(headers, body):
    if headers.get("x-amz-target"):
        return "json"
    if body.startswith(b"Action="):
        return "query"
    return "rest-json"


class Captured:
    """A WSGI answer collected whole, so it can be read and rewritten."""

    def __init__(self, app, environ):
        self.status = "500 Internal Server Error"
        self.headers = []

        def start_response(status, headers, exc_info=None):
            self.status = status
            self.headers = list(headers)

        chunks = app(environ, start_response)
        try:
            self.body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()

    @property
    def code(self):
        return int(self.status.split(" ", 1)[0])

    def json(self):
        try:
            return json.loads(self.body or b"{}")
        except ValueError:
            return None

    def replace_json(self, document):
        self.body = json.dumps(document).encode()
        self.headers = [(k, v) for k, v in self.headers if k.lower() not in ("content-length", "x-amz-crc32")]
        self.headers.append(("Content-Length", str(len(self.body))))
        # DynamoDB answers carry the body's CRC32, which clients check.
        self.headers.append(("x-amz-crc32", str(zlib.crc32(self.body))))


class HeldClock:
    """A monotonic clock that can be stopped and started again; held time never counts."""

    def __init__(self, clock=time.monotonic):
        self.base = clock
        self.lock = threading.Lock()
        self.held_at = None
        self.skipped = 0.0

    def __call__(self):
        with self.lock:
            return (self.held_at if self.held_at is not None else self.base()) - self.skipped

    def hold(self, held):
        with self.lock:
            if held and self.held_at is None:
                self.held_at = self.base()
            elif not held and self.held_at is not None:
                self.skipped += self.base() - self.held_at
                self.held_at = None


class RealAWSTiming:
    """WSGI middleware: AWS's delays, transitional states and conflicts in front of moto (see the module doc)."""

    def __init__(self, app, scale, clock=time.monotonic):
        self.app = app
        self.scale = scale
        self.rate_clock = clock
        self.clock = HeldClock(clock)
        self.lock = threading.Lock()
        self.roles = {}  # role name -> when it was created
        self.tracing_grants = {}  # role name -> (name, when put) of its inline policy granting xray:PutTraceSegments
        self.functions = {}  # function name -> {"until", "phase", "arn"}
        self.tables = {}  # table name -> {"phase", "until", "description"?, "index"?}
        self.bucket = APIGATEWAY_RATE
        self.bucket_time = clock()

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = urllib.parse.unquote(environ.get("PATH_INFO", "/"))
        if path.startswith("/moto-api"):
            return self.app(environ, start_response)
        if path == _CLOCK_CONTROL and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            self.clock.hold(bool(json.loads(environ["wsgi.input"].read(length) or b"{}").get("held")))
            start_response("204 No Content", [("Content-Length", "0")])
            return [b""]
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        body = environ["wsgi.input"].getvalue() if hasattr(environ["wsgi.input"], "getvalue") else b""
        protocol = protocol_of(headers, body)
        refusal = self.refusal(method, path, headers, body, protocol)
        if refusal:
            status, response_headers, payload = refusal
            start_response(status, response_headers)
            return [payload]
        captured = Captured(self.app, environ)
        self.observe(method, path, headers, body, captured)
        start_response(captured.status, captured.headers)
        return [captured.body]

    # What AWS answers now in place of moto: refusals moto would not give, and the description of a table
    # that moto has already dropped but AWS is still deleting.

    def refusal(self, method, path, headers, body, protocol):
        now = self.clock()
        with self.lock:
            if path.startswith("/v2/"):
                real_now = self.rate_clock()
                self.bucket = min(APIGATEWAY_RATE, self.bucket + (real_now - self.bucket_time) * APIGATEWAY_RATE)
                self.bucket_time = real_now
                if self.bucket < 1:
                    return error_response(429, "TooManyRequestsException", "Too Many Requests", protocol)
                self.bucket -= 1
            if path.startswith(_LAMBDA_PREFIX):
                return self.lambda_refusal(method, path, body, now)
            target = headers.get("x-amz-target", "")
            if target.startswith("DynamoDB_20120810."):
                return self.table_refusal(target.split(".", 1)[1], body, now)
        return None

    def role_assumable(self, role_arn, now):
        created = self.roles.get(role_arn.rsplit("/", 1)[-1]) if role_arn else None
        return created is None or now - created >= ROLE_PROPAGATION * self.scale

    def lambda_refusal(self, method, path, body, now):
        parts = path[len(_LAMBDA_PREFIX):].strip("/").split("/")
        name = parts[0] if parts and parts[0] else None
        document = json.loads(body or b"{}") if body else {}
        if method == "POST" and name is None:
            if not self.role_assumable(document.get("Role"), now):
                return error_response(400, "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.", "rest-json")
            return self.tracing_refusal(document, now)
        busy = self.functions.get(name)
        mutating = (
            (method == "PUT" and parts[1:] in (["configuration"], ["code"])) or (len(parts) > 1 and parts[1] == "policy" and method in ("POST", "DELETE"))
            or (method == "POST" and parts[1:] == ["versions"]))
        if mutating and busy and busy["until"] > now:
            return error_response(
                409, "ResourceConflictException",
                f"The operation cannot be performed at this time. An update is in progress for resource: {busy['arn']}", "rest-json")
        if method == "PUT" and parts[1:] == ["configuration"] and "Role" in document and not self.role_assumable(document["Role"], now):
            return error_response(400, "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.", "rest-json")
        if method == "PUT" and parts[1:] == ["configuration"]:
            return self.tracing_refusal(document, now)
        return None

    def tracing_refusal(self, document, now):
        """Active tracing on a role that cannot write segments yet. An update without Role keeps the function's
        role, which this layer does not track: hoist always sends Role."""
        if document.get("TracingConfig", {}).get("Mode") != "Active" or "Role" not in document:
            return None
        granted = self.tracing_grants.get(document["Role"].rsplit("/", 1)[-1])
        if granted is not None and now - granted[1] >= ROLE_PROPAGATION * self.scale:
            return None
        return error_response(
            400, "InvalidParameterValueException", "The provided execution role does not have permissions to call PutTraceSegments on XRAY", "rest-json")

    def table_refusal(self, operation, body, now):
        name = json.loads(body or b"{}").get("TableName")
        table = self.tables.get(name)
        if not table or table["until"] <= now:
            return None
        phase = {"CREATING": "created", "DELETING": "deleted", "UPDATING": "updated"}[table["phase"]]
        if operation in ("CreateTable", "DeleteTable", "UpdateTable"):
            return error_response(400, "ResourceInUseException", f"Attempt to change a resource which is still in use: Table is being {phase}: {name}", "json")
        if operation == "DescribeTable" and table["phase"] == "DELETING":
            description = dict(table["description"], TableStatus="DELETING")
            payload = json.dumps({"Table": description}).encode()
            return "200 OK", [("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", str(len(payload)))], payload
        if table["phase"] in ("CREATING", "DELETING") and operation in (
            "PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem"):
            return error_response(400, "ResourceNotFoundException", "Requested resource not found", "json")
        return None

    # What AWS reports while a change is under way, and when the next one may come.

    def observe(self, method, path, headers, body, captured):
        now = self.clock()
        with self.lock:
            if body.startswith(b"Action=") and captured.code == 200:
                query = urllib.parse.parse_qs(body.decode())
                action, role = query.get("Action", [None])[0], query.get("RoleName", [None])[0]
                if action == "CreateRole":
                    self.roles[role] = now
                elif action == "DeleteRole":
                    self.roles.pop(role, None)
                    self.tracing_grants.pop(role, None)
                elif action == "PutRolePolicy" and "xray:PutTraceSegments" in query.get("PolicyDocument", [""])[0]:
                    self.tracing_grants.setdefault(role, (query.get("PolicyName", [None])[0], now))
                elif action == "DeleteRolePolicy" and self.tracing_grants.get(role, (None,))[0] == query.get("PolicyName", [None])[0]:
                    self.tracing_grants.pop(role, None)
            elif path.startswith(_LAMBDA_PREFIX):
                self.observe_lambda(method, path, captured, now)
            elif headers.get("x-amz-target", "").startswith("DynamoDB_20120810."):
                self.observe_table(headers["x-amz-target"].split(".", 1)[1], body, captured, now)

    def observe_lambda(self, method, path, captured, now):
        parts = path[len(_LAMBDA_PREFIX):].strip("/").split("/")
        name = parts[0] if parts and parts[0] else None
        document = captured.json()
        if captured.code >= 300 or document is None:
            if method == "DELETE" and len(parts) == 1 and captured.code == 404:
                self.functions.pop(name, None)
            return
        if method == "POST" and name is None:
            self.functions[document["FunctionName"]] = {"until": now + FUNCTION_CREATE * self.scale, "phase": "create", "arn": document["FunctionArn"]}
            captured.replace_json(self.with_state(document, self.functions[document["FunctionName"]], now))
            return
        if method == "DELETE" and len(parts) == 1:
            self.functions.pop(name, None)
            return
        if method == "PUT" and parts[1:] in (["configuration"], ["code"]):
            self.functions[name] = {"until": now + FUNCTION_UPDATE * self.scale, "phase": "update", "arn": document.get("FunctionArn", "")}
        busy = self.functions.get(name)
        if method in ("GET", "PUT") and busy and (parts[1:] in (["configuration"], ["code"]) or len(parts) == 1):
            if "Configuration" in document:
                document["Configuration"] = self.with_state(document["Configuration"], busy, now)
            else:
                document = self.with_state(document, busy, now)
            captured.replace_json(document)

    @staticmethod
    def with_state(configuration, busy, now):
        if busy["until"] <= now:
            return configuration
        configuration = dict(configuration)
        if busy["phase"] == "create":
            configuration.update(State="Pending", StateReason="The function is being created.", StateReasonCode="Creating")
            configuration.pop("LastUpdateStatus", None)
        else:
            configuration.update(
                State="Active", LastUpdateStatus="InProgress", LastUpdateStatusReason="The function is being updated.",
                LastUpdateStatusReasonCode="Updating")
        return configuration

    def observe_table(self, operation, body, captured, now):
        name = json.loads(body or b"{}").get("TableName")
        document = captured.json()
        if captured.code != 200 or document is None:
            return
        if operation == "CreateTable":
            self.tables[name] = {"phase": "CREATING", "until": now + TABLE_CREATE * self.scale}
        elif operation == "DeleteTable":
            self.tables[name] = {"phase": "DELETING", "until": now + TABLE_DELETE * self.scale, "description": document.get("TableDescription", {})}
        elif operation == "UpdateTable":
            created = [u["Create"]["IndexName"] for u in json.loads(body).get("GlobalSecondaryIndexUpdates", []) if "Create" in u]
            self.tables[name] = {"phase": "UPDATING", "until": now + TABLE_UPDATE * self.scale, "indexes": created}
        table = self.tables.get(name)
        key = "TableDescription" if "TableDescription" in document else "Table" if "Table" in document else None
        if not table or table["until"] <= now or key is None:
            return
        description = dict(document[key], TableStatus=table["phase"])
        if table["phase"] == "UPDATING":
            description["GlobalSecondaryIndexes"] = [
                dict(index, IndexStatus="CREATING") if index.get("IndexName") in table.get("indexes", []) else index
                for index in description.get("GlobalSecondaryIndexes", [])
            ]
        document[key] = description
        captured.replace_json(document)
