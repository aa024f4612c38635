import AWSSigV4
import Foundation
import HoistTestSupport
import Subprocess
import SystemPackage
import Testing

/// `hoist logs` against moto's CloudWatch Logs, with events written by boto3.
@Suite("hoist logs")
struct LogsTests {
    /// Writes `messages` to `group` with boto3.
    func put(_ moto: MotoServer, _ group: String, _ messages: [String]) async throws {
        _ = try await PythonScript.run(
            "Tests/HoistCLITests/log_events.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, group] + messages)
    }

    func withProject(_ body: (MotoServer, String) async throws -> Void) async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                try writeFile("project_name: logs\n", to: "hoist.yml", in: directory)
                try await body(moto, directory.appendingPathComponent("hoist.yml").path)
            }
        }
    }

    @Test("events in time order, one line each; --filter keeps the matching ones; --json; a missing group says so")
    func read() async throws {
        try await withProject { moto, config in
            try await put(moto, "/aws/lambda/logs-dev", ["START request 1\n", "ERROR table missing\n", "END request 1\n"])
            try await put(moto, "/aws/apigateway/logs-dev", [#"{"status":"200"}"#])

            let all = try await HoistBinary.run(["logs", "--config", config, "--since", "1h"], environment: moto.environment)
            #expect(all.status == 0, "\(all.standardError)")
            let lines = all.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.count == 3, "\(all.standardOutput)")
            #expect(lines.map { $0.split(separator: "  ", maxSplits: 1).last.map(String.init) } == ["START request 1", "ERROR table missing", "END request 1"])
            #expect(lines.allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}  "#, options: .regularExpression) != nil })

            let errors = try await HoistBinary.run(["logs", "--config", config, "--since", "1h", "--filter", "ERROR"], environment: moto.environment)
            #expect(errors.standardOutput.split(separator: "\n").count == 1 && errors.standardOutput.contains("ERROR table missing"), "\(errors.standardOutput)")

            let api = try await HoistBinary.run(["logs", "--config", config, "--api", "--json"], environment: moto.environment)
            let event = try JSONSerialization.jsonObject(with: Data(api.standardOutput.utf8)) as? [String: String]
            #expect(event?["message"] == #"{"status":"200"}"# && event?["time"]?.hasSuffix("Z") == true, "\(api.standardOutput)")

            let missing = try await HoistBinary.run(["logs", "--config", config, "--env", "qa"], environment: moto.environment)
            #expect(missing.status == 1)
            #expect(missing.standardError == "error: log group /aws/lambda/logs-qa does not exist yet; deploy the environment first (`hoist deploy --env qa`)\n")

            let bad = try await HoistBinary.run(["logs", "--config", config, "--since", "yesterday"], environment: moto.environment)
            #expect(bad.status == 64 && bad.standardError.contains("--since 'yesterday' is neither a duration"), "\(bad.standardError)")
        }
    }

    @Test("--follow prints what arrives, each event once, and Ctrl-C ends it with exit 0")
    func follow() async throws {
        try await withProject { moto, config in
            try await put(moto, "/aws/lambda/logs-dev", ["before"])
            let result = try await Subprocess.run(
                .path(FilePath(HoistBinary.path)), arguments: ["logs", "--config", config, "--follow"], environment: HoistBinary.environment(moto.environment),
                workingDirectory: FilePath(Repository.root.path), input: .none, output: .sequence, error: .discarded
            ) { execution in
                var lines: [String] = []
                for try await line in execution.standardOutput.strings() {
                    lines.append(line)
                    if line.hasSuffix("  before") { try await put(moto, "/aws/lambda/logs-dev", ["after"]) }
                    if line.hasSuffix("  after") { try execution.send(signal: .interrupt) }
                }
                return lines
            }
            #expect(result.terminationStatus.isSuccess, "\(result.terminationStatus)")
            #expect(result.closureResult.map { $0.split(separator: "  ", maxSplits: 1).last.map(String.init) ?? "" } == ["before", "after"])
        }
    }
}
