import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs a Python server script while `body` runs: waits for the JSON line it prints when ready, hands it
/// to `body` decoded, and stops the server (SIGTERM) when `body` ends, whatever the outcome.
package func withPythonServer<Ready: Decodable & Sendable, T: Sendable>(
    script: String, arguments: [String] = [], ready: Ready.Type, _ body: (Ready) async throws -> T
) async throws -> T {
    let outcome = try await Subprocess.run(
        Repository.pythonExecutable,
        arguments: Arguments([Repository.root.appendingPathComponent(script).path] + arguments),
        input: .none,
        output: .sequence,
        error: .string(limit: 1 << 20)
    ) { execution -> Result<T, any Error>? in
        var line: String?
        for try await first in execution.standardOutput.strings() {
            line = first
            break
        }
        guard let line else { return nil }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(try JSONDecoder().decode(Ready.self, from: Data(line.utf8))))
        } catch {
            result = .failure(error)
        }
        try execution.send(signal: .terminate)
        return result
    }
    guard let result = outcome.closureResult else {
        throw PythonServerFailure(script: script, detail: "\(outcome.terminationStatus): \(outcome.standardError.suffix(3000))")
    }
    return try result.get()
}

/// A server script that exited before printing its ready line.
package struct PythonServerFailure: Error, CustomStringConvertible {
    package var script: String
    package var detail: String
    package var description: String { "\(script) did not start: \(detail)\n\(Repository.pythonSetupHint)" }
}
