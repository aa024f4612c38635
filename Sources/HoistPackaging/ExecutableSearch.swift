import Foundation

/// Where a program is, as a shell would find it: the first executable of that name on PATH.
package enum ExecutableSearch {
    package static func onPath(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
