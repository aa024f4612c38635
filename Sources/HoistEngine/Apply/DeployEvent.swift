/// What a step does, as progress reports it: a typed value, so the CLI renders it without matching strings.
package enum StepAction: String, Sendable, Equatable {
    case create
    case update
    case replace
    case delete
    case upload

    /// The action of a planned instruction.
    init(_ instruction: Instruction) {
        switch instruction {
        case .change(.create): self = .create
        case .change(.update): self = .update
        case .change(.replace): self = .replace
        case .change(.delete), .deleteOrphan: self = .delete
        case .change(.none), .uploadCode: self = .upload
        }
    }
}

/// What the engine reports while it works; the CLI renders these (the engine never prints).
package enum DeployEvent: Sendable, Equatable {
    case started(ResourceKind, name: String, action: StepAction)
    case finished(ResourceKind, name: String, action: StepAction, seconds: Double)
    /// A step under way waits on AWS: `what` it waits for ("IAM role shop-dev-role to reach Lambda").
    case waiting(ResourceKind, name: String, for: String)
    /// A stop was requested: the steps under way finish, no other starts.
    case stopping
}

/// The outputs a user wants after a deploy, each from the kind it belongs to (`StackResource.outputs`), in
/// registry order.
package struct StackOutputs: Sendable, Equatable, Encodable {
    package var values: [StackOutput]

    package init(_ values: [StackOutput]) { self.values = values.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element) }

    /// The value of `key` (`apiURL`, `apiID`), for what reads one output.
    package subscript(key: String) -> String? { values.first { $0.key == key }?.value }

    /// `--json`: one member per output.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(values.map { ($0.key, $0.value) }) { first, _ in first })
    }
}

extension DeployEvent {
    /// The finish of a step that began at `start`, timed on the continuous clock.
    static func finished(_ kind: ResourceKind, name: String, action: StepAction, since start: ContinuousClock.Instant) -> DeployEvent {
        .finished(kind, name: name, action: action, seconds: seconds(since: start))
    }

    /// Seconds from `start` until now, as progress shows them.
    package static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
