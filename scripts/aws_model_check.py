"""Checks requests against AWS's own service models (botocore's), as AWS's front end does and moto does not.

moto accepts requests real AWS refuses: a missing required member, a value outside an enum, a string longer
than the model allows, a misspelled member (AWS ignores unknown members, so the setting silently never
happens). scripts/moto_server.py runs every request through `ModelCheck.problems` and answers a problem with
AWS's 400 ValidationException, so a test against the launcher fails where a deploy against AWS would.

The request is read back into the operation's parameters by the rules of its protocol (query, json,
rest-json), then validated with botocore's ParamValidator (required members, unknown members, types, minimum
lengths and ranges) plus the maximum lengths, enums and patterns the model declares.
"""
import base64
import json
import re
import urllib.parse

import botocore.session
import botocore.validate

# Signing name (from the credential scope) to the model hoist's clients speak.
SERVICES = {"iam": "iam", "sts": "sts", "lambda": "lambda", "apigateway": "apigatewayv2", "dynamodb": "dynamodb", "logs": "logs"}


class Malformed(Exception):
    """The request cannot be read as its protocol says; AWS refuses it too."""


class ModelCheck:
    def __init__(self):
        session = botocore.session.get_session()
        self.models = {name: session.get_service_model(model) for name, model in SERVICES.items()}
        self.routes = {name: _routes(model) for name, model in self.models.items() if model.protocol == "rest-json"}

    def problems(self, method, target, headers, body):
        """(service model, problems): the problems are empty for a valid request; the model is None when the
        request is not for a service hoist speaks (boto3 calls in tests may reach others)."""
        scope = re.search(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request", headers.get("authorization", ""))
        model = self.models.get(scope.group(1)) if scope else None
        if model is None:
            return None, []
        path, _, query = target.partition("?")
        try:
            if model.protocol == "json":
                operation, params = self._json(model, headers, body)
            elif model.protocol == "rest-json":
                operation, params = self._rest_json(scope.group(1), model, method, path, query, headers, body)
            else:
                operation, params = self._query(model, body if method == "POST" else query.encode())
        except Malformed as error:
            return model, [str(error)]
        if operation.input_shape is None:
            return model, []
        report = botocore.validate.ParamValidator().validate(params, operation.input_shape)
        found = [line.strip() for line in report.generate_report().splitlines() if line.strip()] if report.has_errors() else []
        found += _limits(params, operation.input_shape, operation.name)
        return model, found

    def _json(self, model, headers, body):
        prefix, _, name = headers.get("x-amz-target", "").partition(".")
        if prefix != model.metadata.get("targetPrefix") or name not in model.operation_names:
            raise Malformed(f"unknown X-Amz-Target {headers.get('x-amz-target')!r}")
        operation = model.operation_model(name)
        return operation, _from_json(_load_json(body), operation.input_shape, name)

    def _rest_json(self, service, model, method, path, query, headers, body):
        for route in self.routes[service]:
            labels = route.match(path)
            operation = model.operation_model(route.operation)
            if labels is None or operation.http["method"] != method:
                continue
            pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
            if any(key not in dict(pairs) for key in route.literal_query):
                continue
            return operation, _rest_params(operation, labels, pairs, headers, body)
        raise Malformed(f"no {model.service_name} operation is {method} {path}")

    def _query(self, model, form):
        fields = dict(urllib.parse.parse_qsl(form.decode("utf-8", "replace"), keep_blank_values=True))
        name = fields.pop("Action", None)
        if name not in model.operation_names:
            raise Malformed(f"unknown Action {name!r}")
        if fields.pop("Version", None) != model.api_version:
            raise Malformed(f"Version must be {model.api_version}")
        operation = model.operation_model(name)
        return operation, _from_query(fields, "", operation.input_shape, name) if operation.input_shape else {}


def _routes(model):
    """(template, operation, path pattern, literal query keys), the most specific path first. A label such as
    `{resource-arn}` is not a Python group name, so each becomes group `label<i>` and `Route.labels` maps back."""
    routes = []
    for name in model.operation_names:
        template = model.operation_model(name).http["requestUri"]
        path, _, query = template.partition("?")
        labels = []
        pattern = ""
        for literal, label, greedy in re.findall(r"([^{]*)(?:\{([^}+]+)(\+?)\})?", path):
            pattern += re.escape(literal)
            if label:
                pattern += f"(?P<label{len(labels)}>{'.+' if greedy else '[^/]+'})"
                labels.append(label)
        literal_query = [part.split("=")[0] for part in query.split("&") if part]
        # boto3 itself sends `/2015-03-31/functions/` for `/2015-03-31/functions`, and AWS routes it.
        routes.append(Route(template, name, re.compile(pattern.rstrip("/") + "/?"), labels, literal_query))
    routes.sort(key=lambda route: -len(re.sub(r"\{[^}]*\}", "", route.template)))
    return routes


class Route:
    def __init__(self, template, operation, pattern, labels, literal_query):
        self.template, self.operation, self.pattern, self.labels, self.literal_query = template, operation, pattern, labels, literal_query

    def match(self, path):
        """The path's labels by name, or None."""
        found = self.pattern.fullmatch(path)
        return {label: found.group(f"label{i}") for i, label in enumerate(self.labels)} if found else None


def _rest_params(operation, labels, pairs, headers, body):
    shape = operation.input_shape
    if shape is None:
        return {}
    params = {}
    payload = shape.serialization.get("payload")
    body_members = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            if wire in labels:
                params[name] = _scalar(urllib.parse.unquote(labels[wire]), member, name)
        elif location == "querystring":
            values = [value for key, value in pairs if key == wire]
            if values:
                params[name] = [_scalar(v, member.member, name) for v in values] if member.type_name == "list" else _scalar(values[0], member, name)
        elif location == "header":
            if wire.lower() in headers:
                params[name] = _scalar(headers[wire.lower()], member, name)
        elif location is None and name != payload:
            body_members[wire] = (name, member)
    if payload:
        if body:
            member = shape.members[payload]
            params[payload] = body if member.type_name == "blob" else _from_json(_load_json(body), member, payload)
        return params
    document = _load_json(body) if body else {}
    if not isinstance(document, dict):
        raise Malformed("the body must be a JSON object")
    for wire, value in document.items():
        if wire not in body_members:
            params[wire] = value  # left for the validator to name as unknown
            continue
        name, member = body_members[wire]
        params[name] = _from_json(value, member, name)
    return params


def _load_json(body):
    try:
        return json.loads(body or b"{}")
    except ValueError as error:
        raise Malformed(f"the body is not JSON: {error}") from None


def _from_json(value, shape, path):
    """Wire JSON to parameters: member names from their locationName, blobs from base64."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        wires = {member.serialization.get("name", name): (name, member) for name, member in shape.members.items()}
        out = {}
        for key, item in value.items():
            name, member = wires.get(key, (key, None))
            out[name] = _from_json(item, member, f"{path}.{name}") if member is not None else item
        return out
    if kind == "list" and isinstance(value, list):
        return [_from_json(item, shape.member, f"{path}[{index}]") for index, item in enumerate(value)]
    if kind == "map" and isinstance(value, dict):
        return {key: _from_json(item, shape.value, f"{path}.{key}") for key, item in value.items()}
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            raise Malformed(f"{path} is not base64") from None
    return value


def _from_query(fields, prefix, shape, path):
    """Flat query fields (`Tags.member.1.Key=...`) to parameters, by the shape's rules."""
    kind = shape.type_name
    if kind == "structure":
        out = {}
        known = set()
        for name, member in shape.members.items():
            key = (prefix + "." if prefix else "") + member.serialization.get("name", name)
            known.add(key)
            value = _from_query(fields, key, member, f"{path}.{name}")
            if value is not None:
                out[name] = value
        if prefix == "":
            for key in fields:
                if key.split(".")[0] not in known:
                    out[key] = fields[key]  # left for the validator to name as unknown
        return out if out or prefix == "" else None
    if kind == "list":
        if fields.get(prefix) == "":
            return []
        step = prefix + "." if shape.serialization.get("flattened") else prefix + ".member."
        indexes = sorted({int(m.group(1)) for key in fields for m in [re.match(re.escape(step) + r"(\d+)(\.|$)", key)] if m})
        if not indexes:
            return None
        return [_from_query(fields, f"{step}{index}", shape.member, f"{path}[{index}]") for index in indexes]
    if kind == "map":
        step = prefix + "." if shape.serialization.get("flattened") else prefix + ".entry."
        indexes = sorted({int(m.group(1)) for key in fields for m in [re.match(re.escape(step) + r"(\d+)\.", key)] if m})
        if not indexes:
            return None
        return {fields.get(f"{step}{i}.key"): _from_query(fields, f"{step}{i}.value", shape.value, path) for i in indexes}
    if prefix not in fields:
        return None
    return _scalar(fields[prefix], shape, path)


def _scalar(text, shape, path):
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
        if kind == "boolean":
            if text not in ("true", "false"):
                raise ValueError
            return text == "true"
    except ValueError:
        raise Malformed(f"{path}: {text!r} is not a {kind}") from None
    return text


def _limits(value, shape, path):
    """What ParamValidator leaves out: maximum lengths and sizes, enum membership and patterns."""
    problems = []
    kind = shape.type_name
    maximum = shape.metadata.get("max")
    if kind == "structure" and isinstance(value, dict):
        for name, item in value.items():
            if name in shape.members:
                problems += _limits(item, shape.members[name], f"{path}.{name}")
    elif kind == "list" and isinstance(value, list):
        if maximum is not None and len(value) > maximum:
            problems.append(f"{path} has {len(value)} items, more than {maximum}")
        for index, item in enumerate(value):
            problems += _limits(item, shape.member, f"{path}[{index}]")
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            problems += _limits(item, shape.value, f"{path}.{key}")
    elif kind == "string" and isinstance(value, str):
        if maximum is not None and len(value) > maximum:
            problems.append(f"{path} is {len(value)} characters, more than {maximum}")
        if shape.enum and value not in shape.enum:
            problems.append(f"{path} is {value!r}, not one of {', '.join(shape.enum)}")
        pattern = _pattern(shape.metadata.get("pattern"))
        if pattern is not None and not pattern.fullmatch(value):
            problems.append(f"{path} {value[:80]!r} does not match the model's pattern {pattern.pattern}")
    elif kind in ("integer", "long") and isinstance(value, int) and maximum is not None and value > maximum:
        problems.append(f"{path} is {value}, more than {maximum}")
    return problems


_patterns = {}


def _pattern(text):
    """A model's pattern compiled for a whole-value match, as Java's `matches` does; None when there is none, or
    when it uses Java syntax Python's `re` lacks (`\\p{L}` classes in tag patterns), which is then not checked."""
    if text is None:
        return None
    if text not in _patterns:
        try:
            _patterns[text] = re.compile(text)
        except re.error:
            _patterns[text] = None
    return _patterns[text]
