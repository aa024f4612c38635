import AWSSigV4
import Foundation
import HoistTestSupport
import Testing

/// `hoist status` against moto (live presence and drift, with the drift made by boto3), and `hoist curl` with a
/// stand-in curl that records what it was given: moto serves no API URL.
@Suite("hoist status and hoist curl on a deployed stack")
struct StatusTests {
    @Test("in sync after a deploy (exit 0); a memory change, then a deleted route, made with boto3 are drift (exit 2); never deployed is an error; curl gets the URL")
    func drift() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                try writeFile("project_name: stat\n", to: "hoist.yml", in: directory)
                let config = directory.appendingPathComponent("hoist.yml").path
                func hoist(_ arguments: [String]) async throws -> HoistBinary.Outcome {
                    try await HoistBinary.run(arguments + ["--config", config], environment: moto.environment, workingDirectory: Repository.root)
                }
                let none = try await hoist(["status"])
                #expect(none.status == 1 && none.standardError == "error: stat-dev is not deployed; run `hoist deploy --env dev` first\n", "\(none.standardError)")

                let deploy = try await hoist(["deploy"])
                #expect(deploy.status == 0, "\(deploy.standardError)")
                defer { removeState(of: "stat-dev") }
                let clean = try await hoist(["status"])
                #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
                let lines = clean.standardOutput.split(separator: "\n").map(String.init)
                #expect(lines.filter { $0.hasSuffix(" in sync") }.count == 11, "\(clean.standardOutput)")
                #expect(lines.contains { $0.hasPrefix("function  state Active, last update Successful; code ") && $0.contains("CodeSha256 ") })
                #expect(lines.contains { $0.hasPrefix("api url   https://") } && lines.last == "in sync", "\(clean.standardOutput)")

                func change(_ what: String) async throws {
                    _ = try await PythonScript.run(
                        "Tests/HoistCLITests/drift.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "stat-dev", what])
                }
                try await change("memory")
                let drifted = try await hoist(["status"])
                #expect(drifted.status == 2, "a property alone is drift: \(drifted.standardOutput)\(drifted.standardError)")
                let driftLines = drifted.standardOutput.split(separator: "\n").map(String.init)
                #expect(driftLines.contains { $0.hasPrefix("function ") && $0.hasSuffix(" drifted: memory 512 MB → 256 MB") }, "\(drifted.standardOutput)")
                #expect(driftLines.last?.hasPrefix("drifted; `hoist deploy --env dev` repairs it") == true)
                try await change("route")
                let missing = try await hoist(["status"])
                #expect(missing.status == 2)
                #expect(missing.standardOutput.split(separator: "\n").contains { $0.hasPrefix("route ") && $0.hasSuffix(" missing") }, "\(missing.standardOutput)")

                let json = try await hoist(["status", "--json"])
                #expect(json.status == 2)
                let report = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
                #expect(report["inSync"] as? Bool == false)
                let resources = try #require(report["resources"] as? [[String: Any]])
                #expect(resources.first { $0["kind"] as? String == "function" }?["drift"] as? [String] == ["memory 512 MB → 256 MB"])
                #expect(resources.first { $0["kind"] as? String == "route" }?["present"] as? Bool == false)
                #expect((report["function"] as? [String: Any])?["state"] as? String == "Active")

                #expect(try await hoist(["deploy"]).status == 0)
                #expect(try await hoist(["status"]).status == 0, "a deploy repairs what status reported")

                // hoist curl: the environment's URL for curl, curl's flags untouched, curl's exit status.
                let outputs = try await hoist(["outputs", "--json"])
                let url = try #require((try JSONSerialization.jsonObject(with: Data(outputs.standardOutput.utf8)) as? [String: String])?["apiURL"])
                let bin = directory.appendingPathComponent("bin")
                let seen = directory.appendingPathComponent("curl-arguments")
                let seenEnvironment = directory.appendingPathComponent("curl-environment"), seenConfig = directory.appendingPathComponent("curl-config")
                try writeFile(
                    "#!/bin/sh\nprintf '%s\\n' \"$@\" > '\(seen.path)'\n/usr/bin/env > '\(seenEnvironment.path)'\n"
                        + "for a in \"$@\"; do case $a in /dev/fd/*) /bin/cat $a > '\(seenConfig.path)';; esac; done\nexit 7\n", to: "bin/curl", in: directory)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("curl").path)
                let curled = try await HoistBinary.run(
                    ["curl", "--config", config, "/items?limit=1", "-X", "POST", "-d", "{}", "-i"], environment: moto.environment.merging(["PATH": bin.path]) { $1 },
                    workingDirectory: Repository.root)
                #expect(curled.status == 7, "curl's own exit status: \(curled.standardError)")
                #expect(try String(contentsOf: seen, encoding: .utf8) == "-X\nPOST\n-d\n{}\n-i\n--url\n\(url)/items?limit=1\n")
                // A token from HOIST_TOKEN reaches curl through a pipe, never its arguments; no AWS secret reaches curl.
                let tokened = try await HoistBinary.run(
                    ["curl", "--config", config, "/items"], environment: moto.environment.merging(["PATH": bin.path, "HOIST_TOKEN": "tok-123"]) { $1 },
                    workingDirectory: Repository.root)
                #expect(tokened.status == 7)
                #expect(try String(contentsOf: seen, encoding: .utf8).hasPrefix("--url\n\(url)/items\n--config\n/dev/fd/"))
                let piped = (try? String(contentsOf: seenConfig, encoding: .utf8)) ?? "none"
                #expect(piped == "header = \"Authorization: Bearer tok-123\"\n", "\(piped)")
                let childEnvironment = try String(contentsOf: seenEnvironment, encoding: .utf8)
                #expect(childEnvironment.contains("PATH="), "the stand-in recorded its environment")
                #expect(!childEnvironment.contains("AWS_") && !childEnvironment.contains("tok-123") && !childEnvironment.contains(moto.credentials.secretAccessKey))
                let noCurl = try await HoistBinary.run(
                    ["curl", "--config", config, "/items"], environment: moto.environment.merging(["PATH": "/nonexistent"]) { $1 }, workingDirectory: Repository.root)
                #expect(noCurl.status == 1 && noCurl.standardError == "error: curl is not on PATH; install curl, or call \(url)/items with any HTTP client\n", "\(noCurl.standardError)")
                #expect(try await hoist(["destroy", "--yes"]).status == 0)
            }
        }
    }
}
