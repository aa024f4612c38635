"""A keep-alive HTTP/1.1 test server for LeanHTTPClient, plain or TLS.

Prints one JSON line {"port": N} when ready. Every answer carries the client's source port in
X-Client-Port, so a test can tell whether requests shared a connection. Paths:
  /echo          200 with the request body and X-Method/X-Target echoed back
  /chunked       200 with a chunked body of three chunks
  /close-after   200, then the server closes the connection (no Connection: close header)
  /slow          waits 20 s before answering: long enough that a cancel sent on a loaded machine still meets
                 a request in flight, shorter than the 30 s a test gives the exchange
  /slow-arrived  200 with how many /slow requests have arrived so far, so a test can wait for one in flight
Usage: lean_http_server.py [--tls CERT KEY]
"""
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


SLOW_ARRIVED = [0]
SLOW_LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _answer(self, status, body, extra=()):
        self.send_response(status)
        self.send_header("X-Client-Port", str(self.client_address[1]))
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("X-Client-Port", str(self.client_address[1]))
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"hello ", b"chunked ", b"world"):
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
        elif self.path == "/close-after":
            self._answer(200, b"bye")
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/slow-arrived":
            with SLOW_LOCK:
                arrived = SLOW_ARRIVED[0]
            self._answer(200, str(arrived).encode())
        elif self.path == "/slow":
            with SLOW_LOCK:
                SLOW_ARRIVED[0] += 1
            time.sleep(20)
            self._answer(200, b"late")
        else:
            self._answer(200, body, [("X-Method", self.command), ("X-Target", self.path), ("X-Host", self.headers.get("Host", ""))])

    do_GET = do_POST = do_PUT = do_DELETE = _handle


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
