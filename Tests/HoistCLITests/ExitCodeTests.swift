import AWSSigV4
import Foundation
import HoistTestSupport
import Subprocess
import Testing

/// README's exit-code table, row by row, through the binary: 0 success, 1 a failure found while running
/// (one `error:` line, no usage), 64 a usage mistake (argument-parser's usage), 130 interrupted. Row 2 (changes
/// or drift) is `StatusTests` and `ProjectCommandTests.detailedExitcode`; Ctrl-C during a deploy is
/// `ProjectCommandTests.interruptedDeploy`. One moto server serves every row.
@Suite("exit codes")
struct ExitCodeTests {
    /// A failure found while running: exit 1, exactly one line, `error: ` first, no usage text.
    static func expectFailure(_ outcome: HoistBinary.Outcome, _ message: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == 1, "\(what): \(outcome.standardError)", sourceLocation: sourceLocation)
        #expect(outcome.standardError.hasPrefix("error: ") && outcome.standardError.contains(message), "\(what): \(outcome.standardError)", sourceLocation: sourceLocation)
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1, "\(what): one line: \(outcome.standardError)", sourceLocation: sourceLocation)
        #expect(!outcome.standardError.contains("Usage:"), "\(what): no usage text: \(outcome.standardError)", sourceLocation: sourceLocation)
    }

    /// A usage mistake: exit 64 with argument-parser's `Error:` and usage.
    static func expectUsage(_ outcome: HoistBinary.Outcome, _ message: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == 64, "\(what): \(outcome.standardError)", sourceLocation: sourceLocation)
        #expect(outcome.standardError.contains("Error: ") && outcome.standardError.contains(message), "\(what): \(outcome.standardError)", sourceLocation: sourceLocation)
        #expect(outcome.standardError.contains("Usage:"), "\(what): usage shown: \(outcome.standardError)", sourceLocation: sourceLocation)
    }

    @Test("0, 1 and 64 for every failure a user can meet, 130 for a destroy stopped by Ctrl-C, and no input that crashes")
    func table() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                let project = directory.appendingPathComponent("project"), empty = directory.appendingPathComponent("empty")
                try writeFile("project_name: codes\n", to: "hoist.yml", in: project)
                try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
                func hoist(_ arguments: [String], in folder: URL, environment: [String: String]? = nil) async throws -> HoistBinary.Outcome {
                    try await HoistBinary.run(arguments, environment: environment ?? moto.environment, workingDirectory: folder)
                }

                // 0: success.
                let whoami = try await hoist(["whoami", "--json"], in: project)
                #expect(whoami.status == 0 && whoami.standardOutput.contains(#""account" : "\#(moto.accountID)""#), "\(whoami.standardError)")
                let fresh = directory.appendingPathComponent("fresh")
                try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
                let initialized = try await hoist(["init", "--template", "hello"], in: fresh)
                #expect(initialized.status == 0, "\(initialized.standardError)")

                // 1: no hoist.yml, a bad hoist.yml.
                Self.expectFailure(try await hoist(["plan"], in: empty), "no hoist.yml in \(empty.path); run `hoist init` first or pass --config", "no hoist.yml")
                Self.expectFailure(try await hoist(["status", "--config", "other.yml"], in: project), "no other.yml in", "no --config file")
                try writeFile("project_name: codes\nresources: {}\n", to: "bad.yml", in: project)
                Self.expectFailure(try await hoist(["outputs", "--config", "bad.yml"], in: project), "bad.yml:2:12: resources must be a list", "bad hoist.yml")
                try writeFile("project_name: Codes\n", to: "name.yml", in: project)
                Self.expectFailure(try await hoist(["deploy", "--config", "name.yml"], in: project), "name.yml:1:15: project_name 'Codes' must be", "bad project name")

                // 1: an environment never deployed.
                // curl's flags after PATH are curl's own, so --env goes before it.
                for command in [["outputs", "--env", "qa"], ["status", "--env", "qa"], ["invoke", "--env", "qa"], ["state", "pull", "--env", "qa"], ["curl", "--env", "qa", "/items"]] {
                    Self.expectFailure(try await hoist(command, in: project), "codes-qa is not deployed; run `hoist deploy --env qa` first", "\(command) never deployed")
                }
                Self.expectFailure(try await hoist(["logs", "--env", "qa"], in: project), "log group /aws/lambda/codes-qa does not exist yet", "logs never deployed")

                // 1: AWS refusing (a wrong secret, a key it does not know).
                let wrongSecret = moto.environment.merging(["AWS_SECRET_ACCESS_KEY": "not-the-secret"]) { $1 }
                let unknownKey = moto.environment.merging(["AWS_ACCESS_KEY_ID": "AKIAUNKNOWNKEY000000"]) { $1 }
                for (name, environment) in [("a wrong secret", wrongSecret), ("an unknown key", unknownKey)] {
                    for command in [["whoami"], ["outputs"], ["destroy", "--yes"]] {
                        Self.expectFailure(try await hoist(command, in: project, environment: environment), "refused the credentials of access key", "\(name), \(command)")
                    }
                }

                // 1: a declined confirmation: no terminal to ask on, and "n" typed on one.
                Self.expectFailure(try await hoist(["destroy"], in: project), "destroy deletes codes-dev and its data; pass --yes to confirm", "destroy without a terminal")
                let declined = try await HoistBinary.runOnTerminal(["destroy", "--config", project.appendingPathComponent("hoist.yml").path], environment: moto.environment, typed: "n\n")
                #expect(declined.status == 1, "\(declined.standardOutput)")
                #expect(declined.standardOutput.contains("error: destroy of codes-dev declined; nothing was deleted"), "\(declined.standardOutput)")

                // 64: unknown flags, bad option values, a missing argument.
                Self.expectUsage(try await hoist(["deploy", "--memory", "512"], in: project), "Unknown option '--memory'", "unknown flag")
                Self.expectUsage(try await hoist(["plan", "--env", "Prod"], in: project), "--env 'Prod' must be 1-20 lower-case letters", "bad --env")
                Self.expectUsage(try await hoist(["logs", "--since", "yesterday"], in: project), "--since 'yesterday' is neither a duration", "bad --since")
                Self.expectUsage(try await hoist(["deploy", "--canary", "10%", "--bake", "2d"], in: project), "--bake '2d' is not a duration of up to a day", "bad --bake")
                Self.expectUsage(try await hoist(["deploy", "--canary", "100%"], in: project), "--canary '100%' is not a share of traffic", "bad --canary")
                Self.expectUsage(try await hoist(["local", "--port", "70000"], in: project), "--port 70000 is not a TCP port", "bad --port")
                Self.expectUsage(try await hoist(["state", "push"], in: project), "Missing expected argument '<file>'", "missing argument")
                Self.expectUsage(try await hoist(["deploy", "--endpoint-url", "ftp://x"], in: project), "--endpoint-url 'ftp://x' is not an http(s) URL", "bad endpoint")

                // No input crashes hoist: values at the edges of what a parser accepts end in 64 or 1, never a signal.
                for arguments in [
                    ["logs", "--since", "infs"], ["logs", "--since", "1e400d"], ["logs", "--since", "nand"], ["logs", "--since", "99999999999999999999d"],
                    ["logs", "--since", "-5m"], ["logs", "--since", "9223372036854775807d"], ["deploy", "--canary", "5%", "--bake", "9223372036854775807h"], ["local", "--port", "-1"], ["local", "--port", "99999999999999999999"], ["invoke", "--data", "@/nonexistent"],
                    ["package", "--level", "0"], ["debug", "sign", "--request", "/nonexistent"], ["state", "push", "/dev/null"],
                ] {
                    let outcome = try await hoist(arguments, in: project)
                    #expect(outcome.status == 64 || outcome.status == 1, "\(arguments): \(outcome.status) \(outcome.standardError)")
                }
            }
        }
    }

    @Test("1: a swift build that never ends is stopped at HOIST_BUILD_TIMEOUT, the build process with it; a bad HOIST_BUILD_TIMEOUT is 64")
    func stuckBuild() async throws {
        try await withTemporaryDirectory { directory in
            let project = directory.appendingPathComponent("project")
            try writeFile("// swift-tools-version:6.0\n", to: "Package.swift", in: project)
            let pidFile = directory.appendingPathComponent("swift-pid")
            // A build stuck on a lock another build holds: it never ends by itself.
            try writeFile("#!/bin/sh\necho $$ > '\(pidFile.path)'\nexec sleep 600\n", to: "bin/swift", in: directory)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("bin/swift").path)
            let path = directory.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            let stuck = try await HoistBinary.run(["package"], environment: ["PATH": path, "HOIST_BUILD_TIMEOUT": "2s"], workingDirectory: project)
            // Progress first ("packaging the function…"), then one error line.
            #expect(stuck.status == 1, "\(stuck.standardError)")
            let error = stuck.standardError.split(separator: "\n").last ?? ""
            #expect(error.hasPrefix("error: swift build ran past 2s and was stopped;"), "\(stuck.standardError)")
            #expect(error.hasSuffix("or set HOIST_BUILD_TIMEOUT (like 1h) for a package that needs longer"), "\(stuck.standardError)")
            let pid = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            // The child is signalled when the build's task is cancelled; it is gone once init has reaped it.
            var alive = true
            for _ in 0..<100 where alive {
                alive = kill(pid, 0) == 0
                if alive { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(!alive, "the stuck swift (pid \(pid)) was stopped with hoist")
            Self.expectUsage(
                try await HoistBinary.run(["package"], environment: ["PATH": path, "HOIST_BUILD_TIMEOUT": "forever"], workingDirectory: project),
                "HOIST_BUILD_TIMEOUT 'forever' is not a duration of up to a day; write it as 45m or 2h", "a bad HOIST_BUILD_TIMEOUT")
        }
    }

    @Test("130: Ctrl-C during a destroy stops between steps and says how to carry on; the next destroy finishes")
    func interruptedDestroy() async throws {
        // AWS's clock is held (real-AWS mode) until hoist says it is stopping, while someone's update of the
        // function is in progress: the permission's removal waits on it, so the alias, the function and the role
        // after it cannot start before the signal lands, however late a loaded machine reads the first line.
        try await withMotoServer(realistic: realAWSTestScale) { moto in
            try await withTemporaryDirectory { directory in
                // The function is this repository's own, as the other deploys from its root build it.
                try writeFile("project_name: halted\n", to: "hoist.yml", in: directory)
                let config = directory.appendingPathComponent("hoist.yml").path
                defer { removeState(of: "halted-dev") }
                let deploy = try await HoistBinary.run(["deploy", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(deploy.status == 0, "\(deploy.standardError)")
                try await moto.holdAWSClock(true)
                _ = try await PythonScript.run(
                    "Tests/HoistCLITests/drift.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "halted-dev", "memory"])
                let run = try await HoistBinary.run(
                    ["destroy", "--yes", "--json", "--config", config], environment: moto.environment, sending: .interrupt, at: { $0.contains(#""event":"started""#) },
                    thenAt: { $0.contains(#""event":"stopping""#) }, then: { try await moto.holdAWSClock(false) })
                try await moto.holdAWSClock(false)
                #expect(run.status == 130, "\(run.lines)")
                #expect(run.lines.last?.hasPrefix("error: stopped before ") == true, "\(run.lines)")
                let again = try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(again.status == 0 && again.standardOutput == "destroyed halted-dev\n", "\(again.standardError)")
            }
        }
    }
}
