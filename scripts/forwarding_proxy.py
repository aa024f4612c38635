"""A loopback HTTP proxy that forwards each request unchanged (method, target, headers, body) to one upstream,
so a signature made for the proxy's address still holds. Used by the TLS front in BootstrapPackageTests and by
the latency proxy of scripts/bench-deploy.
"""
import http.client
import http.server


def forwarding_handler(upstream, before_forward=lambda method, headers, body: None):
    """A request handler class sending every request to `upstream` (host:port), calling
    `before_forward(method, headers, body)` first."""

    class Forwarder(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # The head and the body of an answer go out in two writes; with Nagle's algorithm on, the body waits
        # for the client's delayed ACK of the head (up to 40 ms on Linux), a stall AWS's endpoints do not add.
        disable_nagle_algorithm = True

        def forward(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            before_forward(self.command, self.headers, body)
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

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = forward

        def log_message(self, *args):
            pass

    return Forwarder
