"""Faults of a real network and a real service, injected in front of moto for `scripts/chaos` and its tests.

Two kinds, each drawn per request from a seeded random source so a failing seed can be replayed:

- `error`: the service answers without acting: HTTP 500 (InternalFailure), 503 (ServiceUnavailable) or a
  throttling answer (400 Throttling / ThrottlingException, 429 TooManyRequestsException), in the protocol's
  own shape, as the AWS SDKs' standard retry mode expects them (botocore `retries/standard.py`).
- `drop`: the service acts, and its answer is lost: the request reaches moto and is applied, then the
  connection is closed before the status line is sent, as when a connection breaks mid-answer. The client
  cannot know whether its create happened; that is what hoist must find out before sending it again.

Rates are set at start (`--faults error,drop,seed`) and changed at run time by
`POST /hoist-control/faults {"error": r, "drop": r, "seed": n}` (a clean run after a chaos run keeps moto's
state); both it and `GET /hoist-control/faults` answer how many of each were injected under the settings
in force until then.
"""
import json
import random
import socket
import threading

from real_aws import error_response, protocol_of

_CONTROL = "/hoist-control/faults"


class FaultInjector:
    def __init__(self, app, error=0.0, drop=0.0, seed=0):
        self.app = app
        self.lock = threading.Lock()
        self.configure(error, drop, seed)

    def configure(self, error, drop, seed):
        self.error, self.drop = float(error), float(drop)
        self.random = random.Random(seed)
        self.injected = {"error": 0, "drop": 0, "requests": 0}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path == _CONTROL:
            return self.control(environ, start_response)
        if path.startswith("/moto-api") or "HTTP_AUTHORIZATION" not in environ:
            return self.app(environ, start_response)
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        body = environ["wsgi.input"].getvalue() if hasattr(environ["wsgi.input"], "getvalue") else b""
        with self.lock:
            self.injected["requests"] += 1
            draw = self.random.random()
            kind = "error" if draw < self.error else "drop" if draw < self.error + self.drop else None
            choice = self.random.randrange(3)
            if kind:
                self.injected[kind] += 1
        if kind == "error":
            protocol = protocol_of(headers, body)
            throttle = {"query": (400, "Throttling"), "json": (400, "ThrottlingException")}.get(protocol, (429, "TooManyRequestsException"))
            status, code, message = [(500, "InternalFailure", "Internal failure"), (503, "ServiceUnavailable", "Service unavailable"),
                                     (throttle[0], throttle[1], "Rate exceeded")][choice]
            status_line, response_headers, payload = error_response(status, code, message, protocol)
            start_response(status_line, response_headers)
            return [payload]
        if kind == "drop":
            chunks = self.app(environ, lambda *args, **kwargs: None)
            try:
                b"".join(chunks)
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
            connection = environ.get("werkzeug.socket")
            if connection is not None:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            raise ConnectionAbortedError("hoist fault injection: answer dropped after the request was applied")
        return self.app(environ, start_response)

    def control(self, environ, start_response):
        """Answers what was injected under the settings so far, then applies new ones (on POST)."""
        with self.lock:
            payload = json.dumps(dict(self.injected, error_rate=self.error, drop_rate=self.drop)).encode()
            if environ["REQUEST_METHOD"] == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                settings = json.loads(environ["wsgi.input"].read(length) or b"{}")
                self.configure(settings.get("error", 0), settings.get("drop", 0), settings.get("seed", 0))
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]
