import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

package struct OpenSSLFailure: Error, CustomStringConvertible {
    package var detail: String
    package var description: String { "openssl failed: \(detail)" }
}

/// A certificate authority and a certificate it signed for `localhost`, made with the `openssl` tool.
package struct TestCertificates {
    package var authority: String
    package var otherAuthority: String
    package var certificate: String
    package var key: String

    package static func make(in directory: URL) async throws -> TestCertificates {
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
