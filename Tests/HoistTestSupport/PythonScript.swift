import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs a Python helper of the test suite and hands back what it printed.
package enum PythonScript {
    package struct Failure: Error, CustomStringConvertible {
        package var script: String
        package var status: String
        package var standardError: String
        package var description: String {
            "python \(script) failed (\(status)): \(standardError.suffix(2000))\n\(Repository.pythonSetupHint)"
        }
    }

    /// Runs `script` (a path relative to the repository) with `arguments`; throws with its stderr on failure.
    package static func run(_ script: String, arguments: [String] = [], environment: [String: String] = [:]) async throws -> String {
        let path = Repository.root.appendingPathComponent(script).path
        var updates: [Environment.Key: String?] = [:]
        for (key, value) in environment { updates[Environment.Key(rawValue: key)!] = value }
        let result = try await Subprocess.run(
            Repository.pythonExecutable,
            arguments: Arguments([path] + arguments),
            environment: .inherit.updating(updates),
            output: .string(limit: 64 << 20),
            error: .string(limit: 1 << 20)
        )
        guard result.terminationStatus.isSuccess else {
            throw Failure(script: script, status: "\(result.terminationStatus)", standardError: result.standardError)
        }
        return result.standardOutput
    }
}
