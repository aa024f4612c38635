import Logging

/// What a kind's `apply`, `settle` and `delete` may use: the clients, names and ARNs, the waiter, the state
/// recorder, the progress sink, and what the run learnt so far.
package struct ApplyContext<C: Clock<Duration>>: Sendable {
    package var clients: StackClients
    package var spec: StackSpec
    package var arns: StackARNs
    package var waiter: Waiter<C>
    package var recorder: StateRecorder
    package var events: @Sendable (DeployEvent) -> Void
    package var logger: Logger
    package var observed: ObservedStack
    package var learned: LearnedIDs
    /// The function's zip; `nil` for a destroy, which uploads nothing.
    package var code: CodePackage?
    /// The kinds whose code the plan uploads.
    package var uploading: Set<ResourceKind>
    /// `deploy --canary`: the share of `live`'s traffic a new version gets at first, rather than all of it.
    package var canaryWeight: Double? = nil

    /// Whether the plan uploads `resource`'s code.
    package func uploadsCode(_ resource: some StackResource) -> Bool { uploading.contains(resource.kind) }

    /// Progress says what a step of `resource` waits for.
    func reporting(_ resource: some StackResource) -> (String) -> Void {
        let events = events
        let kind = resource.kind
        let name = resource.name(spec)
        return { events(.waiting(kind, name: name, for: $0)) }
    }
}

/// Ids AWS invents, known from what was observed or learnt as the run goes (`StackResource.learned`): what
/// the parts of a resource made in the same run need (the API's id for its integration).
package actor LearnedIDs {
    package private(set) var ids: [ResourceKind: LearnedID]

    package init(_ observed: ObservedStack, resources: [any StackResource]) {
        var ids: [ResourceKind: LearnedID] = [:]
        for resource in resources { ids[resource.kind] = resource.learned(observed) }
        self.ids = ids
    }

    package subscript(kind: ResourceKind) -> LearnedID? { ids[kind] }

    func set(_ kind: ResourceKind, _ id: LearnedID) { ids[kind] = id }
}
