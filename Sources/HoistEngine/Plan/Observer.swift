import AWSSSM
import Logging

/// Reads what exists, every kind at once, and the parameters the function's `ssm:` references name. Only
/// reads: a run that changes nothing makes no mutating call.
///
/// For what the state file records, every read goes out in one round: the names of the role's policies and of
/// the function's policy are known from the spec, and the API's parts from the recorded id, so nothing waits
/// for another answer. What it does not record (a first deploy, a lost state file) is read in two: the
/// resource, then its parts only if it exists, so a first deploy asks nothing about resources that are not
/// there.
package struct Observer: Sendable {
    package var clients: StackClients
    package var logger: Logger
    package var resources: [any StackResource]

    package init(clients: StackClients, logger: Logger, resources: [any StackResource] = StackResources.standard) {
        self.clients = clients
        self.logger = logger
        self.resources = resources
    }

    /// - Parameter account: the caller's account when known; `nil` while it is still being read in parallel.
    package func observe(_ spec: StackSpec, account: String?, state: StateFile?, scope: ObserveScope = .stack) async throws -> ObservedStack {
        let resources = scope == .code ? resources.filter(\.carriesCode) : resources
        let board = ObservationBoard(kinds: Set(resources.map(\.kind)))
        let context = ObserveContext(clients: clients, spec: spec, state: state, logger: logger, scope: scope, board: board)
        var observed = ObservedStack(account: account ?? "")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for resource in resources {
                group.addTask {
                    do {
                        await board.publish(.success(try await resource.observe(context)), for: resource.kind)
                    } catch {
                        await board.publish(.failure(error), for: resource.kind)
                        throw error
                    }
                }
            }
            let names = spec.parameterNames
            if scope == .stack, !names.isEmpty {
                let (ssm, logger) = (clients.ssm, logger)
                group.addTask { await board.publishParameters(try await ssm.describe(names, logger: logger)) }
            }
            try await group.waitForAll()
        }
        for resource in resources { observed.keep(try await board.value(for: resource.kind), for: resource.kind) }
        observed.parameters = await board.parameters
        return observed
    }
}

/// The observations as they arrive: a part waits here for its owner's, and the observer collects them all.
actor ObservationBoard {
    private var values: [ResourceKind: Result<(any Sendable)?, any Error>] = [:]
    private var waiting: [ResourceKind: [CheckedContinuation<(any Sendable)?, any Error>]] = [:]
    private(set) var parameters: [ParameterMetadata] = []
    /// The kinds observed in this run: a part whose owner is not among them finds nothing, rather than waiting.
    private let kinds: Set<ResourceKind>

    init(kinds: Set<ResourceKind>) { self.kinds = kinds }

    func publish(_ value: Result<(any Sendable)?, any Error>, for kind: ResourceKind) {
        values[kind] = value
        for continuation in waiting.removeValue(forKey: kind) ?? [] { continuation.resume(with: value) }
    }

    func publishParameters(_ found: [ParameterMetadata]) { parameters = found }

    /// What `kind` found, once it has; its failure if it failed.
    func value(for kind: ResourceKind) async throws -> (any Sendable)? {
        if let value = values[kind] { return try value.get() }
        guard kinds.contains(kind) else { return nil }
        return try await withCheckedThrowingContinuation { waiting[kind, default: []].append($0) }
    }
}
