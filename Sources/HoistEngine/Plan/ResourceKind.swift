/// The name of a kind of resource: its key in the state file, its label in plans and progress. An open set:
/// each kind declares its own constant beside its type, so a kind is added without editing a list of cases.
package struct ResourceKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    package var rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ rawValue: String) { self.rawValue = rawValue }

    package var description: String { rawValue }
}
