/// A property of a resource that a plan can change. The planner says which one, the applier acts on which
/// one: a typed value, so renaming what the plan prints cannot change what is applied.
package enum Property: Sendable, Hashable, CustomStringConvertible {
    /// The role's trust policy: what lets Lambda assume it.
    case trustPolicy
    /// hoist's inline policy on the role (its table access).
    case inlinePolicy
    /// hoist's inline policy for the parameters `ssm:` references name.
    case parameterPolicy
    /// The managed policy attached to the role (logging).
    case basicExecutionPolicy
    case billingMode
    /// The table's key schema, which only a new table can change.
    case keys
    case indexAdded(String)
    case indexChanged(String)
    case indexRemoved(String)
    case cors
    case memory
    case timeout
    case environment
    /// The role the function runs as.
    case role
    case runtime
    case architecture
    case autoDeploy
    case accessLogs
    /// What an integration invokes, or what a route targets.
    case target
    case payloadFormat
    case retention

    /// How a plan names it.
    package var description: String {
        switch self {
        case .trustPolicy: "trust policy"
        case .inlinePolicy: StackSpec.inlinePolicyName
        case .parameterPolicy: StackSpec.parameterPolicyName
        case .basicExecutionPolicy: "AWSLambdaBasicExecutionRole"
        case .billingMode: "billing mode"
        case .keys: "keys"
        case .indexAdded(let name): "index \(name) added"
        case .indexChanged(let name): "index \(name) changed"
        case .indexRemoved(let name): "index \(name) removed"
        case .cors: "cors"
        case .memory: "memory"
        case .timeout: "timeout"
        case .environment: "environment"
        case .role: "role"
        case .runtime: "runtime"
        case .architecture: "architecture"
        case .autoDeploy: "auto deploy"
        case .accessLogs: "access logs"
        case .target: "target"
        case .payloadFormat: "payload format"
        case .retention: "retention"
        }
    }
}

/// One property a plan changes, with the value AWS has and the value hoist.yml asks for when they are short
/// enough to print (`memory 256 → 512`), so a plan says what will happen, not only where.
package struct PropertyChange: Sendable, Equatable, CustomStringConvertible {
    package var property: Property
    package var from: String?
    package var to: String?

    package init(_ property: Property, from: String? = nil, to: String? = nil) {
        self.property = property
        self.from = from
        self.to = to
    }

    package var description: String {
        guard let to else { return property.description }
        return "\(property) \(from ?? "none") → \(to)"
    }
}

extension [PropertyChange] {
    /// Whether `property` changes, whatever its values.
    package func contains(_ property: Property) -> Bool {
        contains { $0.property == property }
    }
}
