import Foundation
import HoistTestSupport
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs the built `hoist` executable, as a user would, and collects what it printed.
enum HoistBinary {
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The executable sits beside the test bundle in SwiftPM's build folder.
    static var path: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hoist").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : Repository.root.appendingPathComponent(".build/debug/hoist").path
    }

    /// Runs hoist with only `environment` (plus PATH): the developer's own AWS settings never leak in.
    static func run(_ arguments: [String], environment: [String: String] = [:], workingDirectory: URL? = nil) async throws -> Outcome {
        try await runTool(path, arguments, environment: environment, workingDirectory: workingDirectory)
    }

    /// Only `environment` plus PATH, with instance metadata off: the developer's own AWS settings never leak in.
    static func environment(_ environment: [String: String]) -> Environment {
        var values: [Environment.Key: String] = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true"]
        for (key, value) in environment { values[Environment.Key(rawValue: key)!] = value }
        return .custom(values)
    }

    static func runTool(
        _ tool: String, _ arguments: [String], environment: [String: String], workingDirectory: URL? = Repository.root, input: String? = nil
    ) async throws -> Outcome {
        let (executable, arguments, environment, folder) = (
            Executable.path(FilePath(tool)), Arguments(arguments), Self.environment(environment), workingDirectory.map { FilePath($0.path) }
        )
        let result =
            if let input {
                try await Subprocess.run(
                    executable, arguments: arguments, environment: environment, workingDirectory: folder, input: .string(input), output: .string(limit: 1 << 20),
                    error: .string(limit: 1 << 20))
            } else {
                try await Subprocess.run(
                    executable, arguments: arguments, environment: environment, workingDirectory: folder, output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
            }
        return Outcome(status: code(result.terminationStatus), standardOutput: result.standardOutput, standardError: result.standardError)
    }

    /// The exit code, or minus the signal that ended the process.
    private static func code(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): -signal
        }
    }

    /// Starts hoist from the repository root and sends it `signal` as soon as it writes a standard error line
    /// that `at` accepts, as a user pressing Ctrl-C (SIGINT) or a crash (SIGKILL) would; then runs `then` once,
    /// at the first later line that `thenAt` accepts (a test holding AWS's clock releases it there). Returns
    /// every line it wrote, before and after, and its status (minus the signal when one ended it).
    static func run(
        _ arguments: [String], environment: [String: String], sending signal: Signal, at: @escaping @Sendable (String) -> Bool,
        thenAt: @escaping @Sendable (String) -> Bool = { _ in false }, then: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> (lines: [String], status: Int32) {
        let result = try await Subprocess.run(
            .path(FilePath(path)), arguments: Arguments(arguments), environment: Self.environment(environment),
            workingDirectory: FilePath(Repository.root.path), input: .none, output: .discarded, error: .sequence
        ) { execution in
            var lines: [String] = []
            var sent = false
            var followed = false
            for try await line in execution.standardError.strings() {
                lines.append(line)
                if sent, !followed, thenAt(line) {
                    try await then()
                    followed = true
                }
                if !sent, at(line) {
                    try execution.send(signal: signal)
                    sent = true
                }
            }
            return lines
        }
        return (result.closureResult, code(result.terminationStatus))
    }

    /// Runs hoist on a pseudo-terminal through util-linux's `script`, from the repository root; everything it
    /// wrote to the terminal comes back as standard output.
    /// `typed` is what the user types on that terminal, such as the answer to a confirmation.
    static func runOnTerminal(_ arguments: [String], environment: [String: String], typed: String? = nil) async throws -> Outcome {
        let command = ([path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try await runTool("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], environment: environment.merging(["TERM": "xterm"]) { $1 }, input: typed)
    }
}

/// Removes what a test's deploy from the repository root left in `state/` for `stack` (`<project>-<env>`).
func removeState(of stack: String) {
    for suffix in [".json", ".json.backup", ".lock"] {
        try? FileManager.default.removeItem(at: Repository.root.appendingPathComponent("state/\(stack)\(suffix)"))
    }
}
