/// What is deployed, read live: each resource present or missing and, as a deploy would see it, in sync or
/// drifted; the state of what runs the code; the outputs. `hoist status` renders it.
package struct StackStatus: Sendable {
    package struct Resource: Sendable, Equatable {
        package var kind: ResourceKind
        package var name: String
        package var present: Bool
        /// What a deploy would do to it (`.none`: in sync).
        package var change: Change
    }

    package var resources: [Resource]
    /// What runs the code, as AWS reports it (state, last update, code size and sha), when it exists.
    package var code: CodeStatus?
    /// The code running differs from what hoist last uploaded (changed out of band).
    package var codeDrifted: Bool
    package var orphans: [Orphan]
    /// The outputs (the API's URL), when the environment has them.
    package var outputs: StackOutputs?
    /// What a user must know beyond drift (an alarm in ALARM, an unconfirmed alarm subscription).
    package var attention: [Attention] = []

    /// An alarm is firing: the environment is not well, whatever its resources.
    package var alarming: Bool { attention.contains { $0.firing } }

    /// Nothing to repair: every resource present and as the spec wants it, the code hoist's, no orphan.
    package var inSync: Bool { !codeDrifted && orphans.isEmpty && resources.allSatisfy { $0.present && $0.change == .none } }
    /// Nothing of the environment exists.
    package var isEmpty: Bool { resources.allSatisfy { !$0.present } && orphans.isEmpty }
}

/// One thing `status` says of a resource beyond drift; a `firing` one (an alarm in ALARM) makes it exit 2.
package struct Attention: Sendable, Equatable, Encodable {
    package var message: String
    package var firing: Bool

    package init(_ message: String, firing: Bool) {
        self.message = message
        self.firing = firing
    }
}
