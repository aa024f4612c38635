import Foundation
import HoistTestSupport
import Subprocess
import Testing

@Suite("hoist versions, rollback and promote through the binary")
struct ReleaseCommandTests {
    @Test("rollback moves live back with one alias update: nothing built, uploaded or published, no swift run; versions and status say so")
    func rollback() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                defer { removeState(of: "back-dev") }
                let config = directory.appendingPathComponent("hoist.yml").path
                try writeFile("project_name: back\n", to: "hoist.yml", in: directory)
                let first = try await HoistBinary.run(["deploy", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(first.status == 0, "\(first.standardError)")
                // A configuration change is a release too: version 2, with the same code.
                try writeFile("project_name: back\nresources:\n  - type: aws_lambda\n    config:\n      memory: 512\n", to: "hoist.yml", in: directory)
                let second = try await HoistBinary.run(["deploy", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(second.status == 0, "\(second.standardError)")

                // A `swift` first on PATH records that it ran: a rollback must not build.
                let ran = directory.appendingPathComponent("swift-ran").path
                try writeFile("#!/bin/sh\necho \"$@\" >> '\(ran)'\nexit 1\n", to: "bin/swift", in: directory)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("bin/swift").path)
                let path = directory.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
                let before = try moto.requests().count
                let rollback = try await HoistBinary.run(
                    ["rollback", "--config", config], environment: moto.environment.merging(["PATH": path]) { $1 }, workingDirectory: Repository.root)
                #expect(rollback.status == 0, "\(rollback.standardError)")
                #expect(rollback.standardOutput == "live: version 2 → 1; `hoist rollback --env dev --to 2` goes back\n", "\(rollback.standardOutput)")
                #expect(!FileManager.default.fileExists(atPath: ran), "swift ran during a rollback")
                let writes = try moto.requests().dropFirst(before).filter { $0.method != "GET" && $0.action != "GetCallerIdentity" }.map { "\($0.method) \($0.target)" }
                #expect(writes == ["PUT /2015-03-31/functions/back-dev/aliases/live"], "no CreateFunction, UpdateFunctionCode or PublishVersion: \(writes)")

                let versions = try await HoistBinary.run(["versions", "--config", config, "--json"], environment: moto.environment, workingDirectory: Repository.root)
                let listed = try JSONSerialization.jsonObject(with: Data(versions.standardOutput.utf8)) as? [String: Any]
                #expect(listed?["live"] as? String == "1" && listed?["rolledBackFrom"] as? String == "2", "\(versions.standardOutput)")
                #expect((listed?["versions"] as? [[String: Any]])?.compactMap { $0["source"] as? String }.count == 2, "each version says what it was built from")
                let text = try await HoistBinary.run(["versions", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(text.standardOutput.contains("← live (rolled back from 2)"), "\(text.standardOutput)")

                let status = try await HoistBinary.run(["status", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(status.status == 2, "a rollback is drift from hoist.yml and the code: \(status.standardOutput)")
                #expect(status.standardOutput.contains("note      live: 1 (rolled back from 2)"), "\(status.standardOutput)")

                // hoist invoke calls what the API serves: alias live, here the rolled-back version.
                _ = try await HoistBinary.run(["invoke", "--config", config, "--path", "/items"], environment: moto.environment, workingDirectory: Repository.root)
                let invocations = try moto.requests().filter { $0.target.contains("/invocations") }.map(\.target)
                #expect(invocations.last?.hasSuffix("/functions/back-dev/invocations?Qualifier=live") == true, "\(invocations)")

                let promote = try await HoistBinary.run(["promote", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(promote.status == 1 && promote.standardError.contains("no canary is running: live serves version 1"), "\(promote.standardError)")
                let nowhere = try await HoistBinary.run(["rollback", "--config", config, "--to", "7"], environment: moto.environment, workingDirectory: Repository.root)
                #expect(nowhere.status == 1 && nowhere.standardError.contains("version 7 is not a published version of back-dev (1, 2)"), "\(nowhere.standardError)")

                let destroy = try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(destroy.status == 0, "\(destroy.standardError)")
            }
        }
    }

    @Test("deploy --canary: Ctrl-C during the bake leaves the canary serving its share, exits 130 and says how to end it; promote ends it")
    func canaryInterrupted() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                defer { removeState(of: "bird-dev") }
                let config = directory.appendingPathComponent("hoist.yml").path
                try writeFile("project_name: bird\n", to: "hoist.yml", in: directory)
                let first = try await HoistBinary.run(["deploy", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(first.status == 0, "\(first.standardError)")
                try writeFile("project_name: bird\nresources:\n  - type: aws_lambda\n    config:\n      memory: 512\n", to: "hoist.yml", in: directory)
                let canary = try await HoistBinary.run(
                    ["deploy", "--json", "--config", config, "--canary", "25%", "--bake", "10m"], environment: moto.environment, sending: .interrupt
                ) { $0.contains("canary 2 at 25% of live") }
                #expect(canary.status == 130, "\(canary.lines)")
                #expect(
                    canary.lines.last
                        == "error: stopped watching the canary: version 2 still gets 25% of live's traffic; run `hoist promote --env dev` to send it all, or `hoist rollback --env dev` to end it",
                    "\(canary.lines)")
                let listed = try await HoistBinary.run(["versions", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(listed.standardOutput.contains("← canary, 25% of live's traffic") && listed.standardOutput.contains("← live"), "\(listed.standardOutput)")

                let promote = try await HoistBinary.run(["promote", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(promote.status == 0 && promote.standardOutput.hasPrefix("live: version 1 → 2"), "\(promote.standardOutput) \(promote.standardError)")
                let status = try await HoistBinary.run(["status", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(status.status == 0, "in sync once promoted: \(status.standardOutput)")

                let bad = try await HoistBinary.run(["deploy", "--config", config, "--canary", "150%"], environment: moto.environment, workingDirectory: Repository.root)
                #expect(bad.status != 0 && bad.standardError.contains("--canary '150%' is not a share of traffic between 0% and 100% exclusive"), "\(bad.standardError)")

                let destroy = try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(destroy.status == 0, "\(destroy.standardError)")
            }
        }
    }
}
