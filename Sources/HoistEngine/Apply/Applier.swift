import Foundation
import Logging

/// Carries out a plan: each resource as soon as what it depends on allows, independent ones at once, the state
/// written after each, waiting on conditions (function active, update finished, table active) between; then
/// the orphans, through the same scheduler, dependents first.
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

    private var byKind: [ResourceKind: any StackResource] { Dictionary(uniqueKeysWithValues: resources.map { ($0.kind, $0) }) }

    /// What the resources' steps work with, for this plan.
    func context(_ plan: Plan, _ observed: ObservedStack, code: CodePackage?, canaryWeight: Double? = nil) -> ApplyContext<C> {
        ApplyContext(
            clients: clients, spec: spec, arns: arns, waiter: waiter, recorder: recorder, events: events, logger: logger, observed: observed,
            learned: LearnedIDs(observed, resources: resources), code: code, uploading: Set(plan.steps.filter { $0.instruction == .uploadCode }.map(\.kind)),
            canaryWeight: canaryWeight)
    }

    /// The dependency graph of the registered kinds; for a deploy, of `plan`'s changes (`deployOrder`).
    func scheduler(_ direction: Schedule<ResourceKind>.Direction, order: [ResourceKind], plan: Plan? = nil) -> Scheduler<ResourceKind> {
        let byKind = byKind
        guard let plan else {
            return Scheduler(
                order: order, dependencies: { byKind[$0]?.dependencies ?? [] }, needsOnlyExistence: { byKind[$0]?.needsOnlyExistence ?? [] },
                direction: direction, stop: stop)
        }
        let ordering = Dictionary(uniqueKeysWithValues: resources.map { ($0.kind, $0.deployOrder(for: plan.change(for: $0.kind))) })
        return Scheduler(
            order: order, dependencies: { ordering[$0]?.dependencies ?? [] }, needsOnlyExistence: { ordering[$0]?.needsOnlyExistence ?? [] },
            direction: direction, stop: stop)
    }

    /// Runs the plan's changes and code uploads, then its orphans; returns the outputs.
    package func apply(_ plan: Plan, observed: ObservedStack, code: CodePackage, canaryWeight: Double? = nil) async throws -> StackOutputs {
        let context = context(plan, observed, code: code, canaryWeight: canaryWeight)
        let byKind = byKind
        // Each resource starts the moment its dependencies are usable, not when a whole wave is done: the
        // longest chain (role, function, integration, route) sets the pace, everything else runs beside it.
        // What needs a dependency only to exist starts when it does: the function once the role has its trust
        // policy, while the role's permission policies are set; a new integration and route once the function is
        // created, while it leaves Pending.
        let notStarted: [ResourceKind]
        do throws(Scheduler<ResourceKind>.Failure) {
            notStarted = try await scheduler(.forward, order: resources.map(\.kind), plan: plan).run(Set(resources.map(\.kind).filter(plan.needsWork))) { kind in
                guard let resource = byKind[kind] else { return .usable }
                let change = plan.change(for: kind)
                return try await step(resource, action: change == .none ? .upload : StepAction(.change(change)), context) {
                    try await resource.apply(change, context)
                }
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
        do throws(Scheduler<Orphan>.Failure) {
            _ = try await removeOrphans(plan.orphans, context)
        } catch {
            throw error.cause
        }
        try await recorder.recordCode(code.codeSha256)
        let outputContext = OutputContext(spec: spec, arns: arns, observed: observed, learned: await context.learned.ids)
        return StackOutputs(resources.flatMap { $0.outputs(outputContext) ?? [] })
    }

    /// Removes the orphans, each once every orphan of a kind that depends on its kind is gone (a route before
    /// the integration it targets, both before their API), the rest at once.
    func removeOrphans(_ orphans: [Orphan], _ context: ApplyContext<C>) async throws(Scheduler<Orphan>.Failure) -> [Orphan] {
        guard !orphans.isEmpty else { return [] }
        let byKind = byKind
        let needs = dependencyClosure()
        let scheduler = Scheduler<Orphan>(
            order: orphans, dependencies: { orphan in orphans.filter { needs[$0.kind, default: []].contains(orphan.kind) } }, direction: .reverse, stop: stop)
        return try await scheduler.run(Set(orphans)) { orphan in
            guard let resource = byKind[orphan.kind] else { return .usable }
            return try await step(resource, name: "\(orphan.name) (orphan \(orphan.id))", action: .delete, context) {
                try await resource.deleteOrphan(orphan, context)
                // One the state recorded (a user pool whose auth was removed) leaves the state with it.
                if await recorder.state.resources[orphan.kind.rawValue]?.id == orphan.id { try await recorder.forget(orphan.kind) }
                return .usable
            }
        }
    }

    /// For each kind, every kind it depends on, directly or through others.
    private func dependencyClosure() -> [ResourceKind: Set<ResourceKind>] {
        let byKind = byKind
        var closure: [ResourceKind: Set<ResourceKind>] = [:]
        func needs(_ kind: ResourceKind, _ visiting: Set<ResourceKind>) -> Set<ResourceKind> {
            if let known = closure[kind] { return known }
            var found: Set<ResourceKind> = []
            for dependency in byKind[kind]?.dependencies ?? [] where !visiting.contains(dependency) {
                found.insert(dependency)
                found.formUnion(needs(dependency, visiting.union([kind])))
            }
            closure[kind] = found
            return found
        }
        for resource in resources { _ = needs(resource.kind, []) }
        return closure
    }

    /// Records what already existed and needed nothing, so a state file rebuilt after loss lists it all.
    private func adopt(_ plan: Plan, observed: ObservedStack) async throws {
        for resource in resources where plan.change(for: resource.kind) == .none && resource.isWanted(spec) {
            if let record = resource.record(observed, arns), await recorder.state.resources[resource.kind.rawValue] == nil {
                try await recorder.record(resource.kind, id: record.id, arn: record.arn)
            }
        }
    }

    /// One step, with its progress: finished once it is usable, after the rest of a step that reported it
    /// exists. Its failure names the resource and the action: "create function shop-dev failed: …" says where
    /// to look, where the bare AWS error would not. A cancellation (another step failed first) and a stop pass
    /// as they are.
    private func step<Key>(
        _ resource: any StackResource, name: String? = nil, action: StepAction, _ context: ApplyContext<C>,
        _ work: @escaping @Sendable () async throws -> Scheduler<Key>.Outcome
    ) async throws -> Scheduler<Key>.Outcome {
        let kind = resource.kind, name = name ?? resource.name(spec), events = events
        events(.started(kind, name: name, action: action))
        let start = ContinuousClock.now
        switch try await Self.naming(kind, name, action, work) {
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

    private static func naming<T>(_ kind: ResourceKind, _ name: String, _ action: StepAction, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as CancellationError {
            throw error
        } catch let error as StepFailed {
            throw error
        } catch let error as EngineError where error.isStop {
            throw error
        } catch {
            throw StepFailed(kind: kind, name: name, action: action.rawValue, cause: error)
        }
    }

    /// Deletes what the destroy plan lists: the orphans, then the stack, dependents before what they depend
    /// on, the rest at once; each forgotten by the state file as it goes.
    /// - Returns: what was never started because a stop was requested.
    func destroy(_ plan: Plan, observed: ObservedStack) async throws(Scheduler<ResourceKind>.Failure) -> [ResourceKind] {
        let context = context(plan, observed, code: nil)
        let byKind = byKind
        do throws(Scheduler<Orphan>.Failure) {
            _ = try await removeOrphans(plan.orphans, context)
        } catch {
            throw Scheduler<ResourceKind>.Failure(cause: error.cause, finished: [])
        }
        let order = plan.steps.compactMap { if case .change = $0.instruction { $0.kind } else { nil } }
        let toDelete = Set(order.filter { plan.change(for: $0) == .delete })
        return try await scheduler(.reverse, order: order).run(toDelete) { kind in
            guard let resource = byKind[kind] else { return .usable }
            return try await step(resource, action: .delete, context) {
                try await resource.delete(observed, context)
                try await recorder.forget(kind)
                return .usable
            }
        }
    }
}
