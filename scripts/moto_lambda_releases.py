"""Lambda versions, aliases and provisioned concurrency as AWS serves them, where moto differs.

Imported by moto_server.py before the server starts; each patch names what moto does and what AWS does.

- Resource policies are per qualifier: the unqualified function, each version and each alias has its own
  (docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html, "Lambda resource-based policies":
  "you can grant permission on a version or alias"; AddPermission, GetPolicy and RemovePermission take
  Qualifier). moto copies a published version shallowly, so the version shares $LATEST's policy, resolves
  an alias to its version's policy (so a permission on `live` would move with the alias, or land on
  $LATEST's), and RemovePermission ignores Qualifier.
- Version numbers count on: moto numbers a new version by how many exist, so after a deletion it reuses a
  number (and DeleteFunction then fails on the duplicate).
- UpdateAlias with RevisionId refuses (412 PreconditionFailedException) when the alias changed since that
  revision, and each update makes a new revision (the 2015-03-31 model's UpdateAliasRequest.RevisionId: "Only
  update the alias if the revision ID matches the ID that's specified"); moto keeps one revision forever.
- PublishVersion with CodeSha256 refuses to publish when $LATEST's code differs (the 2015-03-31 model: "Only
  publish a version if the hash value matches the value that's specified"); moto ignores the member.
- DeleteFunction with a Qualifier refuses a version an alias serves, as primary or in its routing config (409
  ResourceConflictException "Unable to delete version because the following aliases reference it: [live]";
  the 2015-03-31 model's DeleteFunctionRequest.Qualifier: "You can't delete a version that an alias
  references", and that message as AWS answers it in karl-cardenas-coding/go-lambda-cleanup#45); moto
  deletes it and leaves the alias dangling.
- Provisioned concurrency (Put/Get/DeleteProvisionedConcurrencyConfig, the 2019-09-30 paths), which moto
  lacks (404): a config on an alias or version only, IN_PROGRESS until allocated, then READY; moving the
  alias to another version allocates again; deleting the alias deletes its config
  (docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html). Allocation takes minutes on AWS;
  here it takes PROVISIONING seconds times the real-AWS scale, and none without --realistic.
"""
import datetime
import json
import threading
import time
import urllib.parse
import uuid

import moto.awslambda.urls as lambda_urls
from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaBackend
from moto.awslambda.policy import Policy
from moto.awslambda.responses import LambdaResponse

PROVISIONING = 60.0

# Seconds an allocation takes: set by moto_server.py from --realistic (0 without it).
allocation_seconds = 0.0
# Real-AWS mode's clock (real_aws.HeldClock), so a test holding it holds allocation too.
clock = time.monotonic


class _NotFound(LambdaClientError):
    code = 404


class _Invalid(LambdaClientError):
    code = 400


def _latest(backend, function_name):
    return backend.get_function(function_name)


def _qualified_policy(backend, function_name, qualifier):
    """The policy AddPermission, GetPolicy and RemovePermission address: $LATEST's own for no qualifier, else
    the version's or alias's, kept on $LATEST (so it goes with the function)."""
    latest = _latest(backend, function_name)
    if not qualifier or qualifier == "$LATEST":
        return latest.policy
    backend.get_function(function_name, qualifier)  # 404 for an unknown version or alias
    policies = latest.__dict__.setdefault("_qualified_policies", {})
    return policies.setdefault(qualifier, Policy(latest))


class _StatementExists(LambdaClientError):
    code = 409


def add_permission(self, function_name, qualifier, raw):
    sid = json.loads(raw).get("StatementId")
    policy = _qualified_policy(self, function_name, qualifier)
    if any(statement.get("Sid") == sid for statement in policy.statements):
        raise _StatementExists(
            "ResourceConflictException",
            f"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.")
    statement, _ = policy.add_statement(raw, qualifier)
    return statement


def get_policy(self, function_name, qualifier=None):
    return _qualified_policy(self, function_name, qualifier).wire_format()


def remove_permission_response(self):
    function_name = urllib.parse.unquote(self.path.split("/")[-3])
    statement_id = self.path.split("/")[-1].split("?")[0]
    qualifier = self.querystring.get("Qualifier", [None])[0]
    policy = _qualified_policy(self.backend, function_name, qualifier)
    if not any(statement.get("Sid") == statement_id for statement in policy.statements):
        raise _NotFound("ResourceNotFoundException", f"Statement {statement_id} is not found in resource policy.")
    policy.del_statement(statement_id, self.querystring.get("RevisionId", [""])[0])
    return 204, {"status": 204}, "{}"


_moto_publish_version = LambdaBackend.publish_version


def publish_version(self, function_name, description=""):
    latest = _latest(self, function_name)
    versions = self._lambdas._functions[latest.function_name]["versions"]
    before = {id(version) for version in versions}
    version = _moto_publish_version(self, function_name, description)
    if version is None or id(version) in before:
        return version
    # moto numbers a new version len(versions) + 1, so after a version is deleted the next one takes a number
    # still in use; AWS counts on and never reuses one.
    number = latest.__dict__.get("_last_version", 0) + 1
    if int(version.version) != number:
        version.set_version(number)
        for kept in versions:
            self._lambdas._arns[kept.function_arn] = kept
    latest.__dict__["_last_version"] = number
    # A version of its own: its policy is not $LATEST's (moto's copy is shallow).
    version.policy = Policy(version)
    return version


def publish_version_response(self):
    function_name = urllib.parse.unquote(self.path.split("/")[-2])
    expected = self._get_param("CodeSha256")
    latest = _latest(self.backend, function_name)
    if expected and expected != latest.code_sha_256:
        raise _Invalid(
            "InvalidParameterValueException",
            f"CodeSHA256 ({expected}) is different from current CodeSHA256 in $LATEST ({latest.code_sha_256}). "
            "Please try again with the CodeSHA256 in $LATEST.")
    return _moto_publish_version_response(self)


_moto_publish_version_response = LambdaResponse.publish_version
_moto_update_alias_response = LambdaResponse.update_alias


class _PreconditionFailed(LambdaClientError):
    code = 412


def update_alias_response(self):
    function_name = urllib.parse.unquote(self.path.rsplit("/")[-3])
    alias = self.backend.get_alias(urllib.parse.unquote(self.path.rsplit("/", 2)[-1]), function_name)
    expected = json.loads(self.body or "{}").get("RevisionId")
    if expected and expected != alias.revision_id:
        raise _PreconditionFailed(
            "PreconditionFailedException",
            "The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id")
    status, headers, _ = _moto_update_alias_response(self)
    alias.revision_id = str(uuid.uuid4())
    return status, headers, json.dumps(alias.to_json())
_moto_delete_function = LambdaBackend.delete_function


class _Conflict(LambdaClientError):
    code = 409


def delete_function(self, function_name, qualifier=None):
    if qualifier and qualifier != "$LATEST":
        referencing = sorted(
            alias.name for alias in self._lambdas.list_aliases(function_name)
            if alias.function_version == qualifier
            or qualifier in ((alias.routing_config or {}).get("AdditionalVersionWeights") or {}))
        if referencing:
            raise _Conflict(
                "ResourceConflictException",
                f"Unable to delete version because the following aliases reference it: [{', '.join(referencing)}]")
    return _moto_delete_function(self, function_name, qualifier)


_moto_delete_alias = LambdaBackend.delete_alias


def delete_alias(self, name, function_name):
    latest = _latest(self, function_name)
    latest.__dict__.get("_qualified_policies", {}).pop(name, None)
    _provisioned.pop((latest.function_arn, name), None)
    return _moto_delete_alias(self, name, function_name)


# Provisioned concurrency: (unqualified function ARN, qualifier) -> {requested, version, ready_at, modified}.
_provisioned = {}
_provisioned_lock = threading.Lock()


def _target_version(backend, function_name, qualifier):
    if not qualifier or qualifier == "$LATEST":
        raise _Invalid("InvalidParameterValueException", "Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
    return backend.get_function(function_name, qualifier).version


def _config_document(config, now):
    ready = now >= config["ready_at"]
    document = {
        "RequestedProvisionedConcurrentExecutions": config["requested"],
        "AvailableProvisionedConcurrentExecutions": config["requested"] if ready else 0,
        "AllocatedProvisionedConcurrentExecutions": config["requested"] if ready else 0,
        "Status": "READY" if ready else "IN_PROGRESS",
        "LastModified": config["modified"],
    }
    return document


def _current_config(backend, function_name, qualifier):
    """The alias's config, allocated again when the alias has moved to another version since."""
    version = _target_version(backend, function_name, qualifier)
    key = (_latest(backend, function_name).function_arn, qualifier)
    config = _provisioned.get(key)
    if config is None:
        raise _NotFound("ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")
    now = clock()
    if config["version"] != version:
        config.update(version=version, ready_at=now + allocation_seconds)
    return config, now


def _addressed(self):
    return urllib.parse.unquote(self.path.split("/")[-2]), self.querystring.get("Qualifier", [None])[0]


def put_provisioned_concurrency_config(self):
    function_name, qualifier = _addressed(self)
    requested = json.loads(self.body or "{}").get("ProvisionedConcurrentExecutions")
    with _provisioned_lock:
        version = _target_version(self.backend, function_name, qualifier)
        modified = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
        config = {"requested": requested, "version": version, "ready_at": clock() + allocation_seconds, "modified": modified}
        _provisioned[(_latest(self.backend, function_name).function_arn, qualifier)] = config
        return 202, {"status": 202}, json.dumps(_config_document(config, clock()))


def get_provisioned_concurrency_config(self):
    function_name, qualifier = _addressed(self)
    with _provisioned_lock:
        config, now = _current_config(self.backend, function_name, qualifier)
        return 200, {}, json.dumps(_config_document(config, now))


def delete_provisioned_concurrency_config(self):
    function_name, qualifier = _addressed(self)
    with _provisioned_lock:
        _current_config(self.backend, function_name, qualifier)
        _provisioned.pop((_latest(self.backend, function_name).function_arn, qualifier), None)
        return 204, {"status": 204}, ""


def install():
    LambdaBackend.add_permission = add_permission
    LambdaBackend.get_policy = get_policy
    LambdaBackend.publish_version = publish_version
    LambdaBackend.delete_alias = delete_alias
    LambdaBackend.delete_function = delete_function
    LambdaResponse.remove_permission = remove_permission_response
    LambdaResponse.publish_version = publish_version_response
    LambdaResponse.update_alias = update_alias_response
    LambdaResponse.put_provisioned_concurrency_config = put_provisioned_concurrency_config
    LambdaResponse.get_provisioned_concurrency_config = get_provisioned_concurrency_config
    LambdaResponse.delete_provisioned_concurrency_config = delete_provisioned_concurrency_config
    lambda_urls.url_paths[r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)/provisioned-concurrency/?$"] = (
        LambdaResponse.dispatch)
