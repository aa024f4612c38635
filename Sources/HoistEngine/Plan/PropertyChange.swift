/// A property a kind's plan can change: each kind has its own enum of them (`FunctionResource.Property`). The
/// planner says which one, the kind's apply acts on which one: a typed value, so renaming what the plan prints
/// cannot change what is applied.
package protocol ResourceProperty: Hashable, Sendable, CustomStringConvertible {}

/// One property a plan changes, with the value AWS has and the value hoist.yml asks for when they are short
/// enough to print (`memory 256 → 512`), so a plan says what will happen, not only where.
package struct PropertyChange: Sendable, Equatable, CustomStringConvertible {
    package var property: any ResourceProperty
    package var from: String?
    package var to: String?

    package init(_ property: some ResourceProperty, from: String? = nil, to: String? = nil) {
        self.property = property
        self.from = from
        self.to = to
    }

    package var description: String {
        guard let to else { return property.description }
        return "\(property) \(from ?? "none") → \(to)"
    }

    package static func == (lhs: PropertyChange, rhs: PropertyChange) -> Bool {
        AnyHashable(lhs.property) == AnyHashable(rhs.property) && lhs.from == rhs.from && lhs.to == rhs.to
    }
}

extension [PropertyChange] {
    /// Whether `property` changes, whatever its values.
    package func contains(_ property: some ResourceProperty) -> Bool {
        contains { AnyHashable($0.property) == AnyHashable(property) }
    }
}
