import Foundation
import Yams

/// Reads values out of hoist.yml's nodes for the parser and for each kind's section, every failure a
/// `ConfigError` at the node's line and column.
package struct ConfigReader: Sendable {
    package var file: String

    package init(file: String) { self.file = file }

    package func checkKeys(_ mapping: Node.Mapping, allowed: [String], in place: String) throws(ConfigError) {
        for (key, _) in mapping {
            let name = key.string ?? ""
            guard allowed.contains(name) else { throw fail(key, "unknown key '\(name)' in \(place); valid keys: \(allowed.joined(separator: ", "))") }
        }
    }

    package func string(_ node: Node, _ what: String) throws(ConfigError) -> String {
        guard let scalar = node.scalar else { throw fail(node, "\(what) must be a single value") }
        return scalar.string
    }

    package func strings(_ node: Node, _ what: String) throws(ConfigError) -> [String] {
        guard let list = node.sequence else { throw fail(node, "\(what) must be a list") }
        return try list.map { (item: Node) throws(ConfigError) -> String in try string(item, what) }
    }

    package func int(_ node: Node, _ what: String) throws(ConfigError) -> Int {
        guard let value = node.scalar.flatMap({ Int($0.string) }) else { throw fail(node, "\(what) must be a whole number, not '\(node.string ?? "a list or mapping")'") }
        return value
    }

    package func bool(_ node: Node, _ what: String) throws(ConfigError) -> Bool {
        switch node.string {
        case "true": true
        case "false": false
        default: throw fail(node, "\(what) must be true, false or a block")
        }
    }

    /// CloudWatch Logs accepts only these retention periods (the model's `Days` documentation).
    package static let retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]

    package func retention(_ node: Node) throws(ConfigError) -> Int {
        let days = try int(node, "a retention")
        guard Self.retentionDays.contains(days) else {
            throw fail(node, "retention \(days) days is not one CloudWatch Logs accepts: \(Self.retentionDays.map(String.init).joined(separator: ", "))")
        }
        return days
    }

    /// The error for `node`, at its position (the file's start when there is none).
    package func fail(_ node: Node?, _ message: String) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }
}
