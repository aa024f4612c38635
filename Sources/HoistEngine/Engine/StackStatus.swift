/// What is deployed, read live: each resource present or missing and, as a deploy would see it, in sync or
/// drifted; the function's own state; the API's URL. `hoist status` renders it.
package struct StackStatus: Sendable {
    package struct Resource: Sendable, Equatable {
        package var kind: ResourceKind
        package var name: String
        package var present: Bool
        /// What a deploy would do to it (`.none`: in sync).
        package var change: Change
    }

    /// The function's own state and code, as Lambda reports them.
    package struct FunctionSummary: Sendable, Equatable {
        package var state: String?
        package var lastUpdateStatus: String?
        package var codeSize: Int?
        package var codeSha256: String
    }

    package var resources: [Resource]
    /// The function as Lambda describes it, when it exists.
    package var function: FunctionSummary?
    /// The function runs other code than hoist last uploaded (changed out of band).
    package var codeDrifted: Bool
    package var orphans: [Orphan]
    package var apiURL: String?

    /// Nothing to repair: every resource present and as the spec wants it, the code hoist's, no orphan.
    package var inSync: Bool { !codeDrifted && orphans.isEmpty && resources.allSatisfy { $0.present && $0.change == .none } }
    /// Nothing of the environment exists.
    package var isEmpty: Bool { resources.allSatisfy { !$0.present } && orphans.isEmpty }
}
