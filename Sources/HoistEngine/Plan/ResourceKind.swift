/// The name of a kind of resource: its key in the state file, its label in plans and progress. An open set,
/// so a kind is added by registering a `StackResource`, without editing a list of cases.
package struct ResourceKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    package var rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ rawValue: String) { self.rawValue = rawValue }

    package var description: String { rawValue }

    package static let role = ResourceKind("role")
    package static let table = ResourceKind("table")
    package static let functionLogGroup = ResourceKind("function-log-group")
    package static let apiLogGroup = ResourceKind("api-log-group")
    package static let api = ResourceKind("api")
    package static let function = ResourceKind("function")
    package static let stage = ResourceKind("stage")
    package static let integration = ResourceKind("integration")
    package static let permission = ResourceKind("permission")
    package static let route = ResourceKind("route")
}
