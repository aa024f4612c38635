"""A TLS front for an HTTP server, for BootstrapPackageTests: the bootstrap reaches moto over HTTPS.

Usage: tls_proxy.py CERT KEY UPSTREAM_HOST:PORT. Prints {"port": N} when ready. Each request is forwarded
unchanged (method, target, headers, body), so a signature made for the proxy's address still holds.
"""
import http.server
import json
import os
import ssl
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from forwarding_proxy import forwarding_handler  # noqa: E402

cert, key, upstream = sys.argv[1:4]

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), forwarding_handler(upstream))
server.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(json.dumps({"port": server.server_address[1]}), flush=True)
server.serve_forever()
