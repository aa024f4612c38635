import Foundation
import HoistTestSupport
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs `body` against `lean_http_server.py` (plain, or TLS with `certificate`/`key`) on 127.0.0.1 and a
/// free port, stopping it when `body` ends.
func withLeanServer<T: Sendable>(tls: (certificate: String, key: String)? = nil, _ body: (Int) async throws -> T) async throws -> T {
    try await withPythonServer(
        script: "Tests/LeanHTTPTests/lean_http_server.py", arguments: tls.map { ["--tls", $0.certificate, $0.key] } ?? [], ready: [String: Int].self
    ) { ready in
        try await body(ready["port"] ?? 0)
    }
}

struct OpenSSLFailure: Error, CustomStringConvertible {
    var detail: String
    var description: String { "openssl failed: \(detail)" }
}

/// A certificate authority and a certificate it signed for `localhost`, made with the `openssl` tool.
struct TestCertificates {
    var authority: String
    var otherAuthority: String
    var certificate: String
    var key: String

    static func make(in directory: URL) async throws -> TestCertificates {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try "subjectAltName=DNS:localhost\n".write(toFile: path("ext.cnf"), atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=hoist test CA"],
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("other.key"), "-out", path("other.pem"), "-days", "2", "-subj", "/CN=other CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"],
            [
                "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-out", path("server.pem"),
                "-days", "2", "-extfile", path("ext.cnf"),
            ],
        ]
        for step in steps {
            let result = try await Subprocess.run(.name("openssl"), arguments: Arguments(step), output: .discarded, error: .string(limit: 1 << 16))
            guard result.terminationStatus.isSuccess else { throw OpenSSLFailure(detail: "\(step[0]): \(result.standardError)") }
        }
        return TestCertificates(authority: path("ca.pem"), otherAuthority: path("other.pem"), certificate: path("server.pem"), key: path("server.key"))
    }
}
