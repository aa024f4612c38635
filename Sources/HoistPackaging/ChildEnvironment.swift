import Foundation
import Subprocess

/// The environment of the programs hoist starts for its own work (`swift build`, `swift package`, `curl`):
/// hoist's own, without AWS's variables (credentials, tokens, their files) and hoist's secrets. A package
/// manifest and its build plugins are code from the internet, run by `swift build`; none of them, nor curl,
/// needs the deploying identity's keys.
package enum ChildEnvironment {
    /// Names that never reach a child: every `AWS_*` variable, and hoist's MFA code and API token.
    package static func isSecret(_ name: String) -> Bool {
        name.hasPrefix("AWS_") || name == "HOIST_MFA_CODE" || name == "HOIST_TOKEN"
    }

    package static func scrubbed(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        environment.filter { !isSecret($0.key) }
    }

    /// `scrubbed()` as Subprocess takes it.
    package static var forSubprocess: Subprocess.Environment {
        var values: [Environment.Key: String] = [:]
        for (name, value) in scrubbed() { if let key = Environment.Key(rawValue: name) { values[key] = value } }
        return .custom(values)
    }
}
