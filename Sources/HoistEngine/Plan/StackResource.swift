import Logging

/// One kind of resource of a stack, everything hoist knows about it in one type: what it depends on, how it
/// is found and read, how it differs from the spec, how it is made, changed, deleted and recorded. The
/// engine knows resources only through this; the registry (`StackResources`) lists the kinds of a stack.
package protocol StackResource: Sendable {
    var kind: ResourceKind { get }
    /// What must exist before this can be made (and, reversed, what must be gone before it can go).
    var dependencies: [ResourceKind] { get }
    /// Of `dependencies`, those it needs only to exist, not to be settled (see `Scheduler`).
    var needsOnlyExistence: Set<ResourceKind> { get }

    /// How plans and progress name it.
    func name(_ spec: StackSpec) -> String

    /// Reads what exists of it, in parallel with every other kind; the answer is kept in the observed stack.
    /// Parts found with another kind (an integration with its API) leave this to that kind.
    func observe(_ context: ObserveContext) async throws -> ObservedStack.Finding

    /// What must change for what was observed to match the spec; no I/O.
    func change(_ observed: ObservedStack, _ context: PlanContext) -> Change

    /// Whether it exists, for a destroy.
    func isPresent(_ observed: ObservedStack) -> Bool

    /// What the state file records for it when it was found and needed nothing (a lost state is rebuilt).
    func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord?

    /// Makes or changes it. `.exists(rest:)` lets what needs it only to exist start while the rest runs.
    func apply<C: Clock<Duration>>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome

    /// Waits for it when it needed no change but was found in transition (a run killed part way).
    func settle<C: Clock<Duration>>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws

    /// Deletes it; already gone counts as deleted.
    func delete<C: Clock<Duration>>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws

    /// The id API Gateway would put in an event's request context (`apiId`), from what the state records of
    /// it; `nil` for every kind but the API. `hoist invoke` builds its event from it without a call.
    func gatewayID(_ state: StateFile) -> String?
}

extension StackResource {
    package var needsOnlyExistence: Set<ResourceKind> { [] }
    package func settle<C: Clock<Duration>>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {}
    package func gatewayID(_ state: StateFile) -> String? { nil }

    /// Create when absent, update when properties differ, else nothing.
    func change(exists: Bool, _ differences: [PropertyChange]) -> Change {
        !exists ? .create : differences.isEmpty ? .none : .update(differences)
    }
}

/// What a kind's `observe` may use.
package struct ObserveContext: Sendable {
    package var clients: StackClients
    package var spec: StackSpec
    /// The state file, when there is one: what it records is read in one round with everything else.
    package var state: StateFile?
    package var logger: Logger

    /// Whether the state file records `kind`.
    package func recorded(_ kind: ResourceKind) -> StateFile.ResourceRecord? { state?.resources[kind.rawValue] }
}

/// What a kind's `change` may use.
package struct PlanContext: Sendable {
    package var spec: StackSpec
    package var arns: StackARNs
}
