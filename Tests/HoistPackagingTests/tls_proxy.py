"""A TLS front for an HTTP server, for BootstrapPackageTests: the bootstrap reaches moto over HTTPS.

Usage: tls_proxy.py CERT KEY UPSTREAM_HOST:PORT. Prints {"port": N} when ready. Each request is forwarded
unchanged (method, target, headers, body), so a signature made for the proxy's address still holds.
"""
import http.client
import http.server
import json
import ssl
import sys

cert, key, upstream = sys.argv[1:4]


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        connection = http.client.HTTPConnection(upstream)
        connection.request(self.command, self.path, body=body, headers=dict(self.headers.items()))
        response = connection.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = forward

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
server.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(json.dumps({"port": server.server_address[1]}), flush=True)
server.serve_forever()
