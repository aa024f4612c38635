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

    /// Nothing to repair: every resource present and as the spec wants it, the code hoist's, no orphan.
    package var inSync: Bool { !codeDrifted && orphans.isEmpty && resources.allSatisfy { $0.present && $0.change == .none } }
    /// Nothing of the environment exists.
    package var isEmpty: Bool { resources.allSatisfy { !$0.present } && orphans.isEmpty }
}
