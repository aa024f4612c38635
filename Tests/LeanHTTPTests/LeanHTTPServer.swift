import HoistTestSupport

/// Runs `body` against `lean_http_server.py` (plain, or TLS with `certificate`/`key`) on 127.0.0.1 and a
/// free port, stopping it when `body` ends.
func withLeanServer<T: Sendable>(tls: (certificate: String, key: String)? = nil, _ body: (Int) async throws -> T) async throws -> T {
    try await withPythonServer(
        script: "Tests/LeanHTTPTests/lean_http_server.py", arguments: tls.map { ["--tls", $0.certificate, $0.key] } ?? [], ready: [String: Int].self
    ) { ready in
        try await body(ready["port"] ?? 0)
    }
}
