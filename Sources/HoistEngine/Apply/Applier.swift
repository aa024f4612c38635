import Foundation
import Logging

/// Carries out a plan: each resource as soon as what it depends on allows, independent ones at once, the state
/// written after each, waiting on conditions (function active, update finished, table active) between.
package struct Applier<C: Clock<Duration>>: Sendable {
    package var clients: StackClients
    package var spec: StackSpec
    package var arns: StackARNs
    package var waiter: Waiter<C>
    package var recorder: StateRecorder
    package var events: @Sendable (DeployEvent) -> Void
    package var logger: Logger
    package var stop: StopRequest
    package var resources: [any StackResource]

    package init(
        clients: StackClients, spec: StackSpec, account: String, waiter: Waiter<C>, recorder: StateRecorder, events: @escaping @Sendable (DeployEvent) -> Void,
        logger: Logger, stop: StopRequest = StopRequest(), resources: [any StackResource] = StackResources.standard
    ) {
        self.clients = clients
        self.spec = spec
        arns = StackARNs(spec: spec, account: account)
        self.waiter = waiter
        self.recorder = recorder
        self.events = events
        self.logger = logger
        self.stop = stop
        self.resources = resources
    }

    /// What the resources' steps work with, for this plan.
    func context(_ observed: ObservedStack, code: CodePackage?, uploadCode: Bool) -> ApplyContext<C> {
        ApplyContext(
            clients: clients, spec: spec, arns: arns, waiter: waiter, recorder: recorder, events: events, logger: logger, observed: observed,
            learned: LearnedIDs(observed), code: code, uploadCode: uploadCode)
    }

    /// The dependency graph of the registered kinds.
    func scheduler(_ direction: Schedule<ResourceKind>.Direction, order: [ResourceKind]) -> Scheduler<ResourceKind> {
        let byKind = Dictionary(uniqueKeysWithValues: resources.map { ($0.kind, $0) })
        return Scheduler(
            order: order, dependencies: { byKind[$0]?.dependencies ?? [] }, needsOnlyExistence: { byKind[$0]?.needsOnlyExistence ?? [] }, direction: direction,
            stop: stop)
    }

    package func apply(_ plan: Plan, observed: ObservedStack, code: CodePackage) async throws -> StackOutputs {
        let context = context(observed, code: code, uploadCode: plan.uploadCode)
        let byKind = Dictionary(uniqueKeysWithValues: resources.map { ($0.kind, $0) })
        // Each resource starts the moment its dependencies are usable, not when a whole wave is done: the
        // longest chain (role, function, integration, route) sets the pace, everything else runs beside it.
        // What needs a dependency only to exist starts when it does: the function once the role has its trust
        // policy, while the role's permission policies are set; the integration and route once the function is
        // created, while it leaves Pending.
        let notStarted: [ResourceKind]
        do throws(Scheduler<ResourceKind>.Failure) {
            notStarted = try await scheduler(.forward, order: resources.map(\.kind)).run(Set(resources.map(\.kind).filter(plan.needsWork))) { kind in
                guard let resource = byKind[kind] else { return .usable }
                return try await step(resource, change: plan.change(for: kind), context)
            }
        } catch {
            throw error.cause
        }
        if !notStarted.isEmpty {
            throw EngineError.stopped(command: "deploy", notStarted: notStarted.compactMap { byKind[$0].map { "\($0.kind) \($0.name(spec))" } }, environment: spec.environment)
        }
        try await adopt(plan, observed: observed)
        // A resource that needed no change but was found in transition (made by a run that was killed, or
        // changed by someone else) is waited for: the deploy reports the stack usable only when it is.
        for resource in resources where !plan.needsWork(resource.kind) { try await resource.settle(observed, context) }
        // Once the stack is whole and its route targets the integration kept, what it does not use can go.
        try await OrphanSweeper(clients: clients, events: events, logger: logger).remove(plan.orphans)
        try await recorder.recordCode(code.codeSha256)
        let apiID = await context.learned.apiID ?? ""
        let endpoint = await context.learned.apiEndpoint ?? "https://\(apiID).execute-api.\(spec.region).amazonaws.com"
        return StackOutputs(apiURL: endpoint, functionARN: arns.function, tableName: spec.tableName, apiID: apiID)
    }

    /// Records what already existed and needed nothing, so a state file rebuilt after loss lists it all.
    private func adopt(_ plan: Plan, observed: ObservedStack) async throws {
        let planned = Set(plan.changes.filter { $0.change == .none }.map(\.kind))
        for resource in resources where planned.contains(resource.kind) {
            if let record = resource.record(observed, arns), await recorder.state.resources[resource.kind.rawValue] == nil {
                try await recorder.record(resource.kind, id: record.id, arn: record.arn)
            }
        }
    }

    private static func action(_ change: Change) -> String {
        switch change {
        case .create: "create"
        case .update: "update"
        case .replace: "replace"
        case .delete: "delete"
        case .none: "upload"
        }
    }

    /// One resource's step, with its progress: finished once it is usable, after the rest of a step that
    /// reported it exists.
    private func step(_ resource: any StackResource, change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let kind = resource.kind, name = resource.name(spec), action = Self.action(change), events = events
        events(.started(kind, name: name, action: action))
        let start = ContinuousClock.now
        switch try await Self.naming(kind, name, action, { try await resource.apply(change, context) }) {
        case .usable:
            events(.finished(kind, name: name, action: action, since: start))
            return .usable
        case .exists(let rest):
            return .exists {
                try await Self.naming(kind, name, action, rest)
                events(.finished(kind, name: name, action: action, since: start))
            }
        }
    }

    /// Runs one step's work so that its failure names the resource and the action: "create function shop-dev
    /// failed: …" says where to look, where the bare AWS error would not. A cancellation (another step failed
    /// first) and a stop pass as they are.
    private static func naming<T>(_ kind: ResourceKind, _ name: String, _ action: String, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as CancellationError {
            throw error
        } catch let error as StepFailed {
            throw error
        } catch let error as EngineError where error.isStop {
            throw error
        } catch {
            throw StepFailed(kind: kind, name: name, action: action, cause: error)
        }
    }

    /// Deletes what the destroy plan lists, dependents before what they depend on, the rest at once; each
    /// forgotten by the state file as it goes.
    /// - Returns: what was never started because a stop was requested.
    func destroy(_ plan: Plan, observed: ObservedStack) async throws(Scheduler<ResourceKind>.Failure) -> [ResourceKind] {
        let context = context(observed, code: nil, uploadCode: false)
        let byKind = Dictionary(uniqueKeysWithValues: resources.map { ($0.kind, $0) })
        let toDelete = Set(plan.changes.filter { $0.change == .delete }.map(\.kind))
        return try await scheduler(.reverse, order: plan.changes.map(\.kind)).run(toDelete) { kind in
            guard let resource = byKind[kind] else { return .usable }
            let name = resource.name(spec), events = events
            events(.started(kind, name: name, action: "delete"))
            let start = ContinuousClock.now
            try await Self.naming(kind, name, "delete") { try await resource.delete(observed, context) }
            try await recorder.forget(kind)
            events(.finished(kind, name: name, action: "delete", since: start))
            return .usable
        }
    }
}
