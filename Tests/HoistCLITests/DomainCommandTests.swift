import Foundation
import HoistTestSupport
import Subprocess
import Testing

@Suite("hoist deploy with a custom domain, through the binary")
struct DomainCommandTests {
    func domains(_ moto: MotoServer, _ action: String, _ name: String) async throws -> String {
        try await PythonScript.run(
            "Tests/HoistEngineTests/domain_check.py", arguments: [moto.endpoint, moto.environment["AWS_ACCESS_KEY_ID"] ?? "", moto.environment["AWS_SECRET_ACCESS_KEY"] ?? "", action, name])
    }

    @Test("real-AWS mode: deploy waits for DNS validation, saying so; killed while it waits, the next deploy carries on with the same certificate")
    func waitsForValidation() async throws {
        try await withMotoServer(realistic: realAWSTestScale) { moto in
            try await withTemporaryDirectory { directory in
                defer { removeState(of: "dom-dev") }
                _ = try await domains(moto, "zone", "example.com")
                let config = directory.appendingPathComponent("hoist.yml").path
                try writeFile("project_name: dom\nresources:\n  - type: aws_apigateway_v2\n    config:\n      domain: api.example.com\n", to: "hoist.yml", in: directory)
                // AWS's clock is held: validation cannot end before the kill, however late the line is read.
                try await moto.holdAWSClock(true)
                let killed = try await HoistBinary.run(["deploy", "--json", "--config", config], environment: moto.environment, sending: .kill) {
                    $0.contains("DNS validation of api.example.com (the zone example.com's name servers are ")
                }
                try await moto.holdAWSClock(false)
                #expect(killed.status == -SIGKILL, "\(killed.lines)")

                let deploy = try await HoistBinary.run(["deploy", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(deploy.status == 0, "\(deploy.standardError)")
                #expect(deploy.standardOutput.contains("https://api.example.com"), "\(deploy.standardOutput)")
                let checked = try JSONSerialization.jsonObject(with: Data(try await domains(moto, "check", "api.example.com").utf8)) as? [String: Any]
                let certificates = checked?["certificates"] as? [[String: Any]] ?? []
                #expect(certificates.count == 1 && certificates.first?["status"] as? String == "ISSUED", "one certificate, never a second: \(certificates)")

                let destroy = try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(destroy.status == 0, "\(destroy.standardError)")
            }
        }
    }
}
