/// One property a plan changes, with the value AWS has and the value hoist.yml asks for when they are short
/// enough to print (`memory 256 → 512`), so a plan says what will happen, not only where.
package struct PropertyChange: Sendable, Equatable, CustomStringConvertible {
    /// What the applier acts on (`memory`, `billing mode`, `trust policy`).
    package var name: String
    package var from: String?
    package var to: String?

    package init(_ name: String, from: String? = nil, to: String? = nil) {
        self.name = name
        self.from = from
        self.to = to
    }

    package var description: String {
        guard let to else { return name }
        return "\(name) \(from ?? "none") → \(to)"
    }
}

extension [PropertyChange] {
    /// Whether a property of this name changes, whatever its values.
    package func contains(named name: String) -> Bool {
        contains { $0.name == name }
    }
}
