"""An OpenID issuer on loopback for LocalTests: a fresh RSA key served as a JWKS behind
/.well-known/openid-configuration, and tokens signed RS256 by it (and by a key it does not publish).

Prints one JSON line {issuer, tokens: {good, expired, notYet, otherAudience, otherIssuer, otherKey, noneAlg}} and
serves until SIGTERM.
"""
import base64
import http.server
import json
import signal
import sys
import threading
import time

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def number(value: int) -> str:
    return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


key, other = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
issuer = f"http://127.0.0.1:{server.server_address[1]}"
public = key.public_key().public_numbers()
jwks = {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "test-key", "n": number(public.n), "e": number(public.e)}]}


def token(claims, signer=key, kid="test-key", alg="RS256"):
    head = b64(json.dumps({"alg": alg, "kid": kid, "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
    signature = b"" if alg == "none" else signer.sign(head.encode(), padding.PKCS1v15(), hashes.SHA256())
    return head + "." + b64(signature)


now = int(time.time())
base = {"iss": issuer, "aud": "shop-api", "sub": "user-1", "iat": now, "exp": now + 3600, "scope": "items:read items:write"}
tokens = {
    "good": token(base),
    "expired": token({**base, "exp": now - 60}),
    "notYet": token({**base, "nbf": now + 600}),
    "otherAudience": token({**base, "aud": "someone-else"}),
    "otherIssuer": token({**base, "iss": "https://elsewhere.example.com"}),
    "otherKey": token(base, signer=other),
    "noneAlg": token(base, alg="none"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        documents = {"/.well-known/openid-configuration": {"issuer": issuer, "jwks_uri": issuer + "/jwks.json"}, "/jwks.json": jwks}
        body = json.dumps(documents[self.path]).encode() if self.path in documents else b"{}"
        self.send_response(200 if self.path in documents else 404)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server.RequestHandlerClass = Handler
signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
print(json.dumps({"issuer": issuer, "tokens": tokens}), flush=True)
server.serve_forever()
sys.exit(0)
