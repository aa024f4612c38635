"""Sends hand-made HTTP requests to hoist local for LocalTests, where an HTTP client would not: prints the status
line of each answer, one per line, or "no answer" when none came within five seconds.

argv: port, then modes: huge-length (a head claiming a 1 GB body and no body), foreign-host (Host: a name
other than loopback's), local-host (Host: localhost), runtime-next (the Runtime API's GET next, as another process
of the machine would take an event).
"""
import socket
import sys

port = int(sys.argv[1])
requests = {
    "huge-length": b"POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{",
    "foreign-host": b"GET /items HTTP/1.1\r\nHost: rebound.attacker.example\r\nConnection: close\r\n\r\n",
    "local-host": b"GET /items HTTP/1.1\r\nHost: localhost:%d\r\nConnection: close\r\n\r\n" % port,
    "runtime-next": b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port,
}
for mode in sys.argv[2:]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(requests[mode])
        try:
            answer = connection.recv(4096)
            print(answer.split(b"\r\n", 1)[0].decode() if answer else "no answer")
        except socket.timeout:
            print("no answer")
