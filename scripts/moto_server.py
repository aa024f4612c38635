#!/usr/bin/env python3
"""moto's server with AWS's own signature check, for hoist's tests and demo.

moto (pinned in requirements-dev.txt) checks SigV4 once INITIAL_NO_AUTH_ACTION_COUNT unauthenticated
requests are spent, but it recomputes the signature from *parsed* data (IAMRequestBase._create_aws_request
in moto/iam/access_control.py): body-less GET/DELETE on REST services hash the parsed query as a body, form
bodies are re-encoded and escaped paths decoded first, so correctly signed requests are refused. This
launcher keeps moto's key lookup and IAM policy checks and replaces only the signature comparison with one
over the raw request target, headers and body bytes, as AWS computes it. Once a request is authenticated, it
also refuses with AWS's 400 ValidationException what AWS's service model refuses and moto lets through
(scripts/aws_model_check.py).

Two layers sit in front of moto on request: `--realistic SCALE` adds AWS's timing (scripts/real_aws.py: role
propagation, functions Pending/InProgress, tables CREATING/DELETING, API Gateway's rate limit, with delays
times SCALE) and `--faults ERROR,DROP,SEED` injects failed and lost answers (scripts/fault_injection.py).

It binds HOST:PORT (port 0 picks a free one), spends the unauthenticated requests on an IAM user with
AdministratorAccess and an access key, prints one JSON line {endpoint, accessKeyId, secretAccessKey,
accountId} and serves until SIGTERM/SIGINT or until its parent process exits.
"""
import argparse
import hashlib
import hmac
import io
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
import logging

BOOTSTRAP_REQUESTS = 3  # CreateUser, AttachUserPolicy, CreateAccessKey
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(BOOTSTRAP_REQUESTS)
os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
os.environ.setdefault("MOTO_ALLOW_NONEXISTENT_REGION", "false")

import boto3  # noqa: E402
import botocore.config  # noqa: E402
import botocore.loaders  # noqa: E402
from moto.apigatewayv2.models import Api  # noqa: E402
from moto.apigatewayv2.responses import ApiGatewayV2Response  # noqa: E402
from moto.awslambda.models import LambdaFunction  # noqa: E402
from moto.core.responses import ActionResult  # noqa: E402
from moto.sns.responses import SNSResponse  # noqa: E402
from moto.core.authorization import ActionAuthenticatorMixin  # noqa: E402
from moto.core.exceptions import JsonRESTError, _RESTError  # noqa: E402
from moto.iam import access_control  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from moto.awslambda_simple.models import LambdaSimpleBackend  # noqa: E402
from moto.core.config import default_user_config  # noqa: E402
from moto.s3.exceptions import S3AccessDeniedError  # noqa: E402
from moto.s3.responses import S3Response  # noqa: E402
from aws_model_check import ModelCheck  # noqa: E402
from fault_injection import FaultInjector  # noqa: E402
import moto_lambda_releases  # noqa: E402
import moto_custom_domain  # noqa: E402
from real_aws import RealAWSTiming  # noqa: E402

# No Docker engine runs here or on CI, and moto's Docker backend answers every Invoke with 200 and a Handled
# function error "error running docker: ...". Its docker-less backend (moto/awslambda_simple) runs no code either,
# but answers Invoke as moto documents: with the next result queued at POST /moto-api/static/lambda-simple/response,
# else with the event it was sent. Chosen before any request, so every function lives in that one backend.
default_user_config["lambda"]["use_docker"] = False
_simple_invoke = LambdaSimpleBackend.invoke


def invoke_existing(self, function_name, qualifier, body, headers, response_headers):
    """AWS answers Invoke of a function that does not exist with 404 ResourceNotFoundException (the lambda
    model's Invoke errors); moto's docker-less backend answers any name, so the function is looked up first."""
    self.get_function(function_name, qualifier)
    return _simple_invoke(self, function_name, qualifier, body, headers, response_headers)


LambdaSimpleBackend.invoke = invoke_existing

_current = threading.local()


def _unreserved_quote(text: str, safe: str) -> str:
    return urllib.parse.quote(text, safe=safe)


def remove_dot_segments(path: str) -> str:
    if not path:
        return "/"
    out = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if out:
                out.pop()
            continue
        out.append(segment)
    first = "/" if path.startswith("/") else ""
    last = "/" if path.endswith("/") and out else ""
    return first + "/".join(out) + last or "/"


def canonical_query(query: str) -> str:
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        pairs.append((
            _unreserved_quote(urllib.parse.unquote(key), "-_.~"),
            _unreserved_quote(urllib.parse.unquote(value), "-_.~"),
        ))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def origin_form(target: str) -> str:
    """The request target as a path and query, also when a client sent the absolute form (`http://host/path`)."""
    if not (target.startswith("http://") or target.startswith("https://")):
        return target
    rest = target.split("://", 1)[1]
    start = min((index for index in (rest.find("/"), rest.find("?")) if index >= 0), default=len(rest))
    return rest[start:] if rest[start:].startswith("/") else "/" + rest[start:]


def expected_signature(raw, secret: str):
    """AWS's SigV4 over the raw request; returns (signature it should carry, signature it carries)."""
    method, target, headers, body = raw
    auth = headers.get("authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return None, None
    fields = dict(part.strip().split("=", 1) for part in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    _key, day, region, service, _terminator = fields["Credential"].split("/")
    signed = fields["SignedHeaders"].split(";")
    path, _, query = origin_form(target).partition("?")
    uri = path if service == "s3" else _unreserved_quote(remove_dot_segments(path), "/~")
    canonical_headers = "".join(f"{name}:{' '.join(headers.get(name, '').split())}\n" for name in signed)
    payload = headers.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
    creq = "\n".join([method, uri, canonical_query(query), canonical_headers, ";".join(signed), payload])
    scope = f"{day}/{region}/{service}/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", headers.get("x-amz-date", ""), scope, hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, sts.encode(), hashlib.sha256).hexdigest(), fields.get("Signature")


def check_signature(self):
    raw = getattr(_current, "raw", None)
    secret = getattr(self._access_key, "_secret_access_key", None)
    if raw is None or secret is None:
        self._raise_signature_does_not_match()
    expected, carried = expected_signature(raw, secret)
    if expected is None or carried is None or not hmac.compare_digest(expected, carried):
        self._raise_signature_does_not_match()
    refuse_what_the_model_refuses(raw)


_model_check = ModelCheck()


def refuse_what_the_model_refuses(raw):
    """AWS validates a request against its service model once it is authenticated; moto does not."""
    method, target, headers, body = raw
    target = origin_form(target)
    model, problems = _model_check.problems(method, target, headers, body)
    if not problems:
        return
    message = f"{len(problems)} validation error(s) against the {model.service_name} service model: " + "; ".join(problems)
    print(f"moto_server.py refused {method} {target}: {message}", file=sys.stderr, flush=True)
    if model.protocol == "query":
        raise _RESTError("ValidationError", message)
    raise JsonRESTError("ValidationException", message)


access_control.IAMRequestBase.check_signature = check_signature

# The IAM action AWS checks is not always "<signing name>:<operation>", which is what moto checks. API Gateway's
# actions are the HTTP method on the resource path (apigateway:GET, apigateway:POST; API Gateway Developer Guide,
# "Control access for managing an API with IAM permissions"); Lambda's Invoke is lambda:InvokeFunction (Service
# Authorization Reference, "Actions defined by AWS Lambda"). Without this a least-privilege policy written as AWS
# documents it would be refused here, and one written for moto would be refused by AWS.
_IAM_ACTION_NAMES = {"lambda:Invoke": "lambda:InvokeFunction"}
_moto_check_action_permitted = access_control.IAMRequestBase.check_action_permitted


def check_action_as_aws_names_it(self, resource):
    if self._action.startswith("apigateway:"):
        self._action = f"apigateway:{self._method.upper()}"
    # moto names an action by the endpoint prefix; CloudWatch's IAM prefix is `cloudwatch`, not `monitoring`
    # (docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
    if self._action.startswith("monitoring:"):
        self._action = "cloudwatch:" + self._action.split(":", 1)[1]
    self._action = _IAM_ACTION_NAMES.get(self._action, self._action)
    return _moto_check_action_permitted(self, resource)


access_control.IAMRequestBase.check_action_permitted = check_action_as_aws_names_it

# moto knows no request's resource ARN and asks the policy about "*", which a statement scoped to ARNs never
# matches, so any least-privilege policy would be refused. The harness checks actions only: a statement's
# Resource is taken to match. Resource scoping is not checked here (hoist's tests check the ARNs it writes).
_moto_element_matches = access_control.IAMPolicyStatement._check_element_matches


def element_matches_any_resource(self, statement_element, value):
    if statement_element == "Resource" and value == "*":
        return True
    return _moto_element_matches(self, statement_element, value)


access_control.IAMPolicyStatement._check_element_matches = element_matches_any_resource


def unsigned_operations():
    """What AWS serves without a signature: operations whose model says authtype none (STS's
    AssumeRoleWithWebIdentity and AssumeRoleWithSAML, authenticated by the token or assertion they carry)."""
    loader = botocore.loaders.create_loader()
    model = loader.load_service_model("sts", "service-2")
    return {name for name, operation in model["operations"].items()
            if operation.get("authtype") == "none" or operation.get("auth") == ["smithy.api#noAuth"]}


_unsigned = unsigned_operations()
_authenticate = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action


def authenticate_unless_unsigned(self, resource="*"):
    """moto asks every request for a signature; AWS does not for these, but still validates them."""
    if self._get_action() in _unsigned and "Authorization" not in self.headers:
        refuse_what_the_model_refuses(_current.raw)
        return
    _authenticate(self, resource)


ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = authenticate_unless_unsigned

# S3's conditional writes are atomic: of concurrent PutObject calls with If-None-Match: * (or If-Match on one
# ETag) exactly one succeeds, the others get 412 PreconditionFailed (S3 User Guide, "Add preconditions to S3
# operations with conditional requests"). moto checks the condition, then writes, so two threads can both pass;
# one lock around its object writes makes the check and the write one step, as S3 does.
_s3_writes = threading.Lock()
_moto_put_object = S3Response.put_object


_moto_delete_object = S3Response.delete_object
_moto_get_object = S3Response.get_object


def expect_bucket_owner(response):
    """S3 refuses a request whose x-amz-expected-bucket-owner is not the bucket's account with 403 AccessDenied
    (S3 User Guide, "Verifying bucket ownership with bucket owner condition"); moto ignores the header."""
    expected = response.headers.get("x-amz-expected-bucket-owner")
    if expected is not None:
        bucket = response.backend.get_bucket(response.bucket_name)
        if bucket.account_id != expected:
            raise S3AccessDeniedError()


def put_object_atomically(self):
    expect_bucket_owner(self)
    with _s3_writes:
        return _moto_put_object(self)


def delete_object_atomically(self):
    """A DeleteObject with If-Match (S3's conditional delete) checks and deletes as one step, as a write does."""
    expect_bucket_owner(self)
    with _s3_writes:
        return _moto_delete_object(self)


def get_object_of_owner(self):
    expect_bucket_owner(self)
    return _moto_get_object(self)


S3Response.put_object = put_object_atomically
S3Response.delete_object = delete_object_atomically
S3Response.get_object = get_object_of_owner

# What moto lacks and real AWS has, so hoist can call the real API: API Gateway v2 UpdateStage (moto answers
# 500 NotImplemented). Only the members hoist may send are applied, as AWS applies them: given ones change.
_STAGE_MEMBERS = {
    "accessLogSettings": "access_log_settings", "autoDeploy": "auto_deploy", "description": "description",
    "defaultRouteSettings": "default_route_settings", "routeSettings": "route_settings",
    "stageVariables": "stage_variables", "clientCertificateId": "client_certificate_id",
}


def update_stage(self):
    api_id = self.path.split("/")[-3]
    stage_name = urllib.parse.unquote(self.path.split("/")[-1])
    stage = self.apigatewayv2_backend.get_stage(api_id, stage_name)
    body = json.loads(self.body or "{}")
    for member, attribute in _STAGE_MEMBERS.items():
        if member in body:
            setattr(stage, attribute, body[member])
    return 200, {}, json.dumps(stage.to_json())


ApiGatewayV2Response.update_stage = update_stage


def get_authorizers(self):
    """API Gateway v2 GetAuthorizers (GET /v2/apis/{apiId}/authorizers, the 2018-11-29 model), which moto lacks
    (500): every authorizer of the API in `items`, one page, 404 NotFoundException for an unknown API."""
    api = self.apigatewayv2_backend.get_api(self.path.split("/")[-2])
    return 200, {}, json.dumps({"items": [authorizer.to_json() for authorizer in api.authorizers.values()]})


ApiGatewayV2Response.get_authorizers = get_authorizers

# Lambda UpdateFunctionCode carries Architectures (the new code's instruction set); moto ignores the member.
_moto_update_function_code = LambdaFunction.update_function_code


def update_function_code(self, updated_spec):
    if "Architectures" in updated_spec:
        self.architectures = updated_spec["Architectures"]
    return _moto_update_function_code(self, updated_spec)


LambdaFunction.update_function_code = update_function_code

# Lambda UpdateFunctionConfiguration carries TracingConfig (the 2015-03-31 model's UpdateFunctionConfigurationRequest);
# moto keeps it from CreateFunction only and ignores it here, so a change of `tracing` would never show.
_moto_update_configuration = LambdaFunction.update_configuration


def update_configuration(self, config_updates):
    if "TracingConfig" in config_updates:
        self.tracing_config = {"Mode": config_updates["TracingConfig"].get("Mode", "PassThrough")}
    return _moto_update_configuration(self, config_updates)


LambdaFunction.update_configuration = update_configuration


# Names AWS keeps unique and moto does not, so a create sent twice (its first answer lost) meets the conflict
# AWS would give instead of making a duplicate no real account could hold.
class _Conflict(JsonRESTError):
    code = 409


_moto_create_route = Api.create_route
_moto_create_stage = Api.create_stage


def create_route(self, *args, **kwargs):
    key = kwargs.get("route_key")
    if any(route.route_key == key for route in self.routes.values()):
        raise _Conflict("ConflictException", f"Route with key {key} already exists for this API")
    return _moto_create_route(self, *args, **kwargs)


def create_stage(self, config):
    name = config.get("stageName")
    if name in self.stages:
        raise _Conflict("ConflictException", f"Stage already exists: {name}")
    return _moto_create_stage(self, config)


Api.create_route = create_route
Api.create_stage = create_stage
moto_lambda_releases.install()
moto_custom_domain.install()


# SNS: an email subscription waits for its owner to follow the link SNS mails; until then AWS lists it with
# SubscriptionArn "PendingConfirmation" and Subscribe answers "pending confirmation"
# (docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html). moto lists it confirmed at once. Here it is
# pending until ConfirmSubscription carries its address as the Token: the harness's stand-in for the mailed link.
_EMAIL_PROTOCOLS = ("email", "email-json")
_moto_subscribe = SNSResponse.subscribe


def _pending(subscription):
    return subscription.protocol in _EMAIL_PROTOCOLS and not subscription.confirmed


def subscribe_pending(self):
    protocol = self._get_param("Protocol")
    result = _moto_subscribe(self)
    return ActionResult({"SubscriptionArn": "pending confirmation"}) if protocol in _EMAIL_PROTOCOLS else result


def list_subscriptions_by_topic_pending(self):
    subscriptions, next_token = self.backend.list_subscriptions_by_topic(self._get_param("TopicArn"), next_token=self._get_param("NextToken"))
    return ActionResult({"Subscriptions": [
        {"SubscriptionArn": "PendingConfirmation" if _pending(sub) else sub.arn, "Owner": sub.owner, "Protocol": sub.protocol,
         "Endpoint": sub.endpoint, "TopicArn": sub.topic.arn} for sub in subscriptions], "NextToken": next_token})


def confirm_subscription_by_address(self):
    topic_arn, token = self._get_param("TopicArn"), self._get_param("Token")
    subscriptions, _ = self.backend.list_subscriptions_by_topic(topic_arn)
    for subscription in subscriptions:
        if _pending(subscription) and subscription.endpoint == token:
            subscription.confirmed = True
            return ActionResult({"SubscriptionArn": subscription.arn})
    raise _RESTError("InvalidParameter", "Invalid token")


SNSResponse.subscribe = subscribe_pending
SNSResponse.list_subscriptions_by_topic = list_subscriptions_by_topic_pending
SNSResponse.confirm_subscription = confirm_subscription_by_address


class RawRequestCapture:
    """Keeps the raw request bytes for check_signature, and logs each request when asked."""

    def __init__(self, app, log_path):
        self.app = app
        self.log_path = log_path
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        headers = {}
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                headers[key[5:].replace("_", "-").lower()] = value
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        if environ.get("CONTENT_LENGTH"):
            headers["content-length"] = environ["CONTENT_LENGTH"]
        target = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
        _current.raw = (environ["REQUEST_METHOD"], target, headers, body)
        if self.log_path and not target.startswith("/moto-api"):
            entry = {"method": environ["REQUEST_METHOD"], "target": target, "amzTarget": headers.get("x-amz-target")}
            if "x-amzn-trace-id" in headers:
                entry["traceId"] = headers["x-amzn-trace-id"]
            if body.startswith(b"Action="):
                parameters = {key: values[0] for key, values in urllib.parse.parse_qs(body.decode()).items()}
                entry["action"] = parameters.pop("Action", None)
                entry["parameters"] = parameters
                entry["signed"] = "authorization" in headers
            elif body.startswith(b"{"):
                # The top-level members a JSON body sends, so two runs can be compared request for request.
                try:
                    entry["members"] = sorted(json.loads(body))
                except ValueError:
                    pass
            with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")
        try:
            return self.app(environ, start_response)
        finally:
            _current.raw = None


def bootstrap(endpoint: str, region: str):
    # Exactly the BOOTSTRAP_REQUESTS unauthenticated calls: a retry (botocore's default after a slow answer on
    # a loaded machine) would spend one, and repeat CreateUser, so none is retried and none times out.
    config = botocore.config.Config(retries={"total_max_attempts": 1}, read_timeout=600, connect_timeout=60)
    iam = boto3.client("iam", endpoint_url=endpoint, region_name=region, aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap",
                       config=config)
    iam.create_user(UserName="hoist-admin")
    iam.attach_user_policy(UserName="hoist-admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    key = iam.create_access_key(UserName="hoist-admin")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def watch_parent(parent: int):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--request-log", help="append one JSON line per AWS request to this file")
    parser.add_argument("--realistic", type=float, metavar="SCALE", help="AWS's delays and conflicts (real_aws.py), delays times SCALE")
    parser.add_argument("--faults", metavar="ERROR,DROP,SEED", help="inject failed (ERROR rate) and lost (DROP rate) answers")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    app = DomainDispatcherApplication(create_backend_app)
    if args.realistic is not None:
        app = RealAWSTiming(app, args.realistic)
        moto_lambda_releases.allocation_seconds = moto_lambda_releases.PROVISIONING * args.realistic
        moto_custom_domain.validation_seconds = moto_custom_domain.VALIDATION * args.realistic
        moto_lambda_releases.clock = moto_custom_domain.clock = app.clock
    error, drop, seed = (args.faults or "0,0,0").split(",")
    app = RawRequestCapture(FaultInjector(app, float(error), float(drop), int(seed)), args.request_log)
    server = make_server(args.host, args.port, app, threaded=True)
    endpoint = f"http://{args.host}:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    access_key, secret = bootstrap(endpoint, args.region)
    print(json.dumps({"endpoint": endpoint, "accessKeyId": access_key, "secretAccessKey": secret, "accountId": "123456789012"}), flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.shutdown()


if __name__ == "__main__":
    main()
