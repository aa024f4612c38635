import Foundation
import HoistTestSupport
import Testing

@Suite("hoist deploy, plan and destroy on bad input")
struct ProjectCommandTests {
    @Test("a bad hoist.yml is one line with file:line:column, exit 1, and no AWS call", arguments: [
        ("project_name: shop\nresources:\n  - type: aws_lambda\n    config:\n      memory: 20000\n", "error: bad.yml:5:15: memory 20000 is outside Lambda's 128-10240 MB\n"),
        ("project_name: shop\nresources:\n  - type: aws_dynamodb\n    config:\n      billing: PAY_PER_REQUEST\n", "error: bad.yml:5:7: unknown key 'billing' in aws_dynamodb config; valid keys: billing_mode, hash_key, range_key, global_secondary_indexes\n"),
    ])
    func badConfig(yaml: String, message: String) async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                try writeFile(yaml, to: "bad.yml", in: directory)
                let before = try moto.requests().count
                for command in ["deploy", "plan", "destroy"] {
                    let outcome = try await HoistBinary.run(
                        [command, "--config", directory.appendingPathComponent("bad.yml").path, "--yes"].filter { command == "destroy" || $0 != "--yes" },
                        environment: moto.environment)
                    #expect(outcome.status == 1, "\(command): \(outcome.standardError)")
                    #expect(outcome.standardError == message.replacingOccurrences(of: "bad.yml", with: directory.appendingPathComponent("bad.yml").path))
                }
                #expect(try moto.requests().count == before)
            }
        }
    }

    @Test("destroy without --yes and without a terminal refuses, naming the flag")
    func destroyNeedsConfirmation() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                try writeFile("project_name: shop\n", to: "hoist.yml", in: directory)
                let before = try moto.requests().count
                let outcome = try await HoistBinary.run(["destroy", "--config", directory.appendingPathComponent("hoist.yml").path], environment: moto.environment)
                #expect(outcome.status == 64)
                #expect(outcome.standardError.contains("pass --yes to confirm"))
                #expect(try moto.requests().count == before)
            }
        }
    }
}

@Suite("hoist help")
struct HelpTests {
    @Test("--help lists every command and exits 0", arguments: [["--help"], ["help"], []])
    func help(arguments: [String]) async throws {
        let outcome = try await HoistBinary.run(arguments)
        #expect(outcome.status == 0)
        for command in ["init", "plan", "deploy", "update-code", "destroy", "outputs", "package", "whoami", "debug"] {
            #expect(outcome.standardOutput.contains("\n  \(command) "), "\(command) missing from help")
        }
    }
}
