import Logging

/// One kind of resource of a stack, everything hoist knows about it in one type: its hoist.yml section, its
/// names, what it depends on, how it is found and read, how it differs from the spec (in its own typed
/// properties), how it is made, changed, deleted and recorded, its outputs, its orphans and its code. The engine
/// knows resources only through this; the registry (`StackResources`) lists the kinds of a stack, and the
/// observer, planner, scheduler, state recorder and the CLI never name one.
package protocol StackResource: Sendable {
    /// What `observe` finds of it, kept in the observed stack under its kind; `nil` is "absent".
    associatedtype Observation: Sendable

    var kind: ResourceKind { get }
    /// What must exist before this can be made (and, reversed, what must be gone before it can go).
    var dependencies: [ResourceKind] { get }
    /// Of `dependencies`, those it needs only to exist, not to be settled (see `Scheduler`).
    var needsOnlyExistence: Set<ResourceKind> { get }
    /// What a deploy's `change` of it waits for, when that is less than `dependencies` (which a destroy and the
    /// orphans always follow): an integration made anew needs the function only to exist, one moved to `live`
    /// needs `live`'s permission first.
    func deployOrder(for change: Change) -> (dependencies: [ResourceKind], needsOnlyExistence: Set<ResourceKind>)
    /// The hoist.yml section this kind reads (`type: aws_lambda`), when it owns one; parts of a resource read
    /// their owner's section.
    var configSection: (any ConfigSection.Type)? { get }

    /// How plans and progress name it.
    func name(_ spec: StackSpec) -> String

    /// Whether hoist.yml asks for it (a user pool only with `auth: {type: cognito}`). One it does not ask for
    /// has no step in a plan; found anyway (the setting was removed), it is an orphan (`orphans`).
    func isWanted(_ spec: StackSpec) -> Bool

    /// Reads what exists of it, in parallel with every other kind. A part read with its owner (an integration
    /// with its API) takes its slice of the owner's observation (`ObserveContext.observation(of:)`), so one
    /// answer serves both and nothing is asked twice. `context.scope` says what the run needs: a kind with
    /// nothing to read for it returns `nil` at once.
    func observe(_ context: ObserveContext) async throws -> Observation?

    /// What must change for what was observed to match the spec; no I/O.
    func change(_ observed: ObservedStack, _ context: PlanContext) -> Change

    /// Whether it exists, for a destroy and for status.
    func isPresent(_ observed: ObservedStack) -> Bool

    /// What the state file records for it when it was found and needed nothing (a lost state is rebuilt).
    func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord?

    /// Makes or changes it. `.exists(rest:)` lets what needs it only to exist start while the rest runs.
    func apply<C: Clock<Duration>>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome

    /// Waits for it when it needed no change but was found in transition (a run killed part way).
    func settle<C: Clock<Duration>>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws

    /// Deletes it; already gone counts as deleted (`ignoringAbsence`).
    func delete<C: Clock<Duration>>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws

    /// Whether it runs the code hoist packages: `update-code` observes and changes only such kinds.
    var carriesCode: Bool { get }
    /// Whether its code must go up: the package's `CodeSha256` differs from what runs (only when it exists;
    /// a create carries the code).
    func codeChanged(_ observed: ObservedStack, codeSha256: String, _ context: PlanContext) -> Bool
    /// Its code as AWS reports it, for `status`.
    func codeStatus(_ observed: ObservedStack) -> CodeStatus?

    /// Its orphan rule: what hoist made of this kind for the environment that the stack does not use. A kind
    /// hoist.yml no longer asks for that reports orphans must report itself among them: destroy then deletes
    /// it as its orphans only, not a second time.
    func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan]
    /// Removes one of its orphans; already gone counts as removed.
    func deleteOrphan<C: Clock<Duration>>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws

    /// What a user wants printed after a deploy (`api url`, `table`); `nil` when it is not deployed, so the
    /// environment has no outputs yet.
    func outputs(_ context: OutputContext) -> [StackOutput]?
    /// The id AWS gave it that later steps of the run need (an API's id and endpoint), from what was observed.
    func learned(_ observed: ObservedStack) -> LearnedID?
    /// The id API Gateway would put in an event's request context (`apiId`), from what the state records of
    /// it; `nil` for every kind but the API. `hoist invoke` builds its event from it without a call.
    func gatewayID(_ state: StateFile) -> String?

    /// What `status` must say of it beyond drift: an alarm firing, a subscription waiting for its owner.
    func attention(_ observed: ObservedStack, _ spec: StackSpec) -> [Attention]
    /// What the deploying identity must be allowed for every call this kind makes (observe, apply, delete,
    /// its orphans, and what the day-2 commands ask of it), scoped to this environment's names wherever AWS
    /// supports resource-level permissions: `hoist policy` prints them gathered.
    func permissions(_ arns: StackARNs) -> [PolicyStatement]
}

extension StackResource {
    package var needsOnlyExistence: Set<ResourceKind> { [] }
    package func deployOrder(for change: Change) -> (dependencies: [ResourceKind], needsOnlyExistence: Set<ResourceKind>) {
        (dependencies, needsOnlyExistence)
    }
    package var configSection: (any ConfigSection.Type)? { nil }
    package func isWanted(_ spec: StackSpec) -> Bool { true }
    package func isPresent(_ observed: ObservedStack) -> Bool { observed[self] != nil }
    package func settle<C: Clock<Duration>>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {}
    package var carriesCode: Bool { false }
    package func codeChanged(_ observed: ObservedStack, codeSha256: String, _ context: PlanContext) -> Bool { false }
    package func codeStatus(_ observed: ObservedStack) -> CodeStatus? { nil }
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] { [] }
    package func deleteOrphan<C: Clock<Duration>>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {}
    package func outputs(_ context: OutputContext) -> [StackOutput]? { [] }
    package func learned(_ observed: ObservedStack) -> LearnedID? { nil }
    package func gatewayID(_ state: StateFile) -> String? { nil }
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] { [] }
    package func attention(_ observed: ObservedStack, _ spec: StackSpec) -> [Attention] { [] }

    /// A statement named after the kind (`function-log-group` → `FunctionLogGroup`).
    package func statement(_ actions: [String], on resources: [String], condition: [String: [String: [String]]]? = nil) -> PolicyStatement {
        let sid = kind.rawValue.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return PolicyStatement(sid: sid, actions: actions, resources: resources, condition: condition)
    }

    /// Create when absent, update when properties differ, else nothing.
    package func change(exists: Bool, _ differences: [PropertyChange]) -> Change {
        !exists ? .create : differences.isEmpty ? .none : .update(differences)
    }

    /// Stops the run when what was found under this environment's name (or its recorded id) is not tagged as
    /// this environment's: whoever can write the state file, or made a resource of that name, must not be able
    /// to point a deploy or a destroy at it.
    package func ensureOwned(_ tags: [String: String]?, id: String, _ spec: StackSpec) throws {
        guard spec.owns(tags) else { throw EngineError.notOurs(kind, id: id, project: spec.project, environment: spec.environment) }
    }

    /// Runs a delete for which "not found" means done: what destroy wants is the resource gone, and a
    /// resource already gone (deleted by hand, or by a run that was killed) is that. `notFound` says which of
    /// the service's errors means "not found".
    package func ignoringAbsence(_ notFound: (any Error) -> Bool, _ delete: () async throws -> Void) async throws {
        do {
            try await delete()
        } catch where notFound(error) {
            // Already gone: that is what was wanted.
        }
    }
}

/// What a run needs read: the whole stack (deploy, plan, status, destroy), only what runs the code
/// (`update-code`), or only what the outputs are made of (`hoist outputs`). A narrower scope sends fewer calls.
package enum ObserveScope: Sendable, Equatable {
    case stack
    case code
    case outputs
}

/// What a kind's `observe` may use.
package struct ObserveContext: Sendable {
    package var clients: StackClients
    package var spec: StackSpec
    /// The state file, when there is one: what it records is read in one round with everything else.
    package var state: StateFile?
    package var logger: Logger
    package var scope: ObserveScope
    /// The observations of the other kinds, as they arrive.
    let board: ObservationBoard

    /// Whether the state file records `kind`.
    package func recorded(_ kind: ResourceKind) -> StateFile.ResourceRecord? { state?.resources[kind.rawValue] }

    /// What `resource` found, once it has: how a part reads its owner's observation.
    package func observation<R: StackResource>(of resource: R) async throws -> R.Observation? {
        try await board.value(for: resource.kind) as? R.Observation
    }
}

/// What a kind's `change` may use.
package struct PlanContext: Sendable {
    package var spec: StackSpec
    package var arns: StackARNs
}

/// What a kind's `outputs` may use: the names, what was observed, and the ids the run learnt.
package struct OutputContext: Sendable {
    package var spec: StackSpec
    package var arns: StackARNs
    package var observed: ObservedStack
    package var learned: [ResourceKind: LearnedID]
}

/// An id AWS made up for a resource (and, for an API, the endpoint it answers on), which the steps after its
/// create need.
package struct LearnedID: Sendable, Equatable {
    package var id: String
    package var endpoint: String?

    package init(id: String, endpoint: String? = nil) {
        self.id = id
        self.endpoint = endpoint
    }
}

/// A code-running resource's state and code as AWS reports them, for `status`.
package struct CodeStatus: Sendable, Equatable {
    package var state: String?
    package var lastUpdateStatus: String?
    package var codeSize: Int?
    package var codeSha256: String
}

/// One output of a deployed environment: `key` for `--json`, `label` for the text (`nil`: JSON only), and
/// `rank`, where the text lists it (lowest first: the URL a user came for before the names behind it).
package struct StackOutput: Sendable, Equatable {
    package var key: String
    package var label: String?
    package var value: String
    package var rank: Int

    package init(key: String, label: String?, value: String, rank: Int = 100) {
        self.key = key
        self.label = label
        self.value = value
        self.rank = rank
    }
}
