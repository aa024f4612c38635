import AWSSSM

/// What exists in AWS for one environment, read before planning: the planner compares it with the spec.
/// Each kind keeps what it found under its kind, typed as its own `Observation`: `observed[resource]`.
package struct ObservedStack: Sendable {
    package var account: String
    /// The parameters `ssm:` references name, as Parameter Store describes them (values never read); a name
    /// missing here does not exist.
    package var parameters: [ParameterMetadata] = []
    private var findings: [ResourceKind: any Sendable] = [:]

    package init(account: String) { self.account = account }

    /// What `resource` found; `nil`: absent (or not read in this run's scope).
    package subscript<R: StackResource>(_ resource: R) -> R.Observation? {
        get { findings[resource.kind] as? R.Observation }
        set { findings[resource.kind] = newValue }
    }

    /// Keeps an observation under `kind`, as the observer receives it.
    mutating func keep(_ finding: (any Sendable)?, for kind: ResourceKind) { findings[kind] = finding }
}
