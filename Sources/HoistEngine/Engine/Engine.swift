import AWSSSM
import AWSSTS
import Foundation
import Logging

/// The three things users run all day (deploy, update the code, tear down) plus plan and outputs, for one
/// environment: reads what exists, plans, applies, and keeps the state file current throughout.
package struct Engine<C: Clock<Duration>>: Sendable {
    package var clients: StackClients
    package var spec: StackSpec
    package var store: any StateBackend
    package var waiter: Waiter<C>
    package var events: @Sendable (DeployEvent) -> Void
    package var logger: Logger
    /// Requested (by Ctrl-C in the CLI) to stop deploy and destroy between steps.
    package let stop = StopRequest()
    /// The credentials' account when already known: the CLI asks STS once before it builds anything, so
    /// a wrong credential fails in a second rather than after the build, and the engine does not ask again.
    package var account: String?
    /// The kinds of resource the stack is made of.
    package var resources: [any StackResource] = StackResources.standard

    package init(clients: StackClients, spec: StackSpec, store: any StateBackend, waiter: Waiter<C>, events: @escaping @Sendable (DeployEvent) -> Void, logger: Logger) {
        self.clients = clients
        self.spec = spec
        self.store = store
        self.waiter = waiter
        self.events = events
        self.logger = logger
    }

    /// The account the credentials belong to: one STS call unless `account` is set.
    package func callerAccount() async throws -> String {
        if let account { return account }
        return try await clients.sts.getCallerIdentity(logger: logger).account
    }

    func checked(_ loaded: StateFile?, account: String) throws -> StateFile {
        if let loaded {
            try store.check(loaded, account: account, region: spec.region)
            return loaded
        }
        return StateFile(project: spec.project, environment: spec.environment, account: account, region: spec.region)
    }

    /// Who the credentials are and what exists, read at once: the reads change nothing, and the account is
    /// checked against the state before anything is written.
    private func prepareAndObserve(_ scope: ObserveScope = .stack) async throws -> (account: String, state: StateFile, observed: ObservedStack) {
        let loaded = try await store.load()
        async let identity = callerAccount()
        async let observation = Observer(clients: clients, logger: logger, resources: resources).observe(spec, account: nil, state: loaded, scope: scope)
        let account = try await identity
        var observed = try await observation
        observed.account = account
        return (account, try checked(loaded, account: account), observed)
    }

    package func plan(codeSha256: String) async throws -> Plan {
        let (_, _, observed) = try await prepareAndObserve()
        try checkParameters(observed)
        return Planner.plan(spec: spec, observed: observed, codeSha256: codeSha256, resources: resources)
    }

    /// Every `ssm:` reference names a parameter that exists, checked before anything changes: a function
    /// deployed with a missing one would fail at every cold start.
    private func checkParameters(_ observed: ObservedStack) throws {
        let found = Set(observed.parameters.map(\.name))
        let missing = spec.parameterNames.filter { !found.contains($0) }
        if !missing.isEmpty { throw EngineError.missingParameters(missing, region: spec.region) }
    }

    /// What is deployed and how it differs from the spec, read live; no lock, nothing written. The code is
    /// compared with what hoist last uploaded (the state's `CodeSha256`), not with a fresh build, so status
    /// builds nothing and reports code changed out of band.
    package func status() async throws -> StackStatus {
        let (account, state, observed) = try await prepareAndObserve()
        let code = resources.lazy.compactMap { $0.codeStatus(observed) }.first
        let plan = Planner.plan(spec: spec, observed: observed, codeSha256: state.codeSha256 ?? code?.codeSha256 ?? "", resources: resources)
        let entries = resources.filter { $0.isWanted(spec) || $0.isPresent(observed) }.map { resource in
            StackStatus.Resource(kind: resource.kind, name: resource.name(spec), present: resource.isPresent(observed), change: plan.change(for: resource.kind))
        }
        return StackStatus(
            resources: entries, code: code, codeDrifted: plan.uploadCode, orphans: plan.orphans, outputs: outputs(observed, account: account, learned: [:]),
            attention: resources.flatMap { $0.attention(observed, spec) })
    }

    /// The outputs of every kind; `nil` when a kind that has outputs is not deployed.
    private func outputs(_ observed: ObservedStack, account: String, learned: [ResourceKind: LearnedID]) -> StackOutputs? {
        let context = OutputContext(spec: spec, arns: StackARNs(spec: spec, account: account), observed: observed, learned: learned)
        var values: [StackOutput] = []
        for resource in resources {
            guard let outputs = resource.outputs(context) else { return nil }
            values += outputs
        }
        return StackOutputs(values)
    }

    /// The applier of one run, writing through `recorder`: deploy, update-code and destroy all apply with the
    /// engine's own clients, waiter, progress, stop request and resource kinds.
    private func applier(account: String, recorder: StateRecorder) -> Applier<C> {
        Applier(clients: clients, spec: spec, account: account, waiter: waiter, recorder: recorder, events: events, logger: logger, stop: stop, resources: resources)
    }

    /// - Parameters:
    ///   - allowReplace: consent to replace a resource whose change deletes what it holds (a table whose keys
    ///     change); without it such a plan stops before any change.
    ///   - canary: a new version gets that share of `live`'s traffic and is watched for the bake before it gets
    ///     all of it (`CanaryWatch`); without a new version there is nothing to bake. The bake holds no lock, so
    ///     `hoist promote` or `hoist rollback` from another shell can end it.
    package func deploy(
        code: CodePackage, allowReplace: Bool = false, forceUnlock: Bool = false, canary: CanaryRelease? = nil
    ) async throws -> (plan: Plan, outputs: StackOutputs) {
        let (plan, outputs) = try await store.withLock(force: forceUnlock) {
            let (account, state, observed) = try await prepareAndObserve()
            try checkParameters(observed)
            let plan = Planner.plan(spec: spec, observed: observed, codeSha256: code.codeSha256, resources: resources)
            if !allowReplace {
                for step in plan.steps {
                    if case .change(.replace(let reasons)) = step.instruction {
                        throw EngineError.replacementNeedsConsent(step.kind, name: step.name, reasons: reasons.map(\.description), environment: spec.environment)
                    }
                }
            }
            let recorder = StateRecorder(store: store, state: state)
            let outputs = try await applier(account: account, recorder: recorder).apply(plan, observed: observed, code: code, canaryWeight: canary?.weight)
            return (plan, outputs)
        }
        if let canary {
            try await CanaryWatch(clients: clients, spec: spec, clock: waiter.clock, stop: stop, events: events, logger: logger).bakeStarted(canary)
        }
        return (plan, outputs)
    }

    /// Uploads the code only where its `CodeSha256` differs from what runs; `false`: unchanged. Reads only what
    /// runs code, and runs the same plan-and-apply as deploy with nothing but the uploads in the plan.
    package func updateCode(code: CodePackage, forceUnlock: Bool = false) async throws -> Bool {
        try await store.withLock(force: forceUnlock) {
            let (account, state, observed) = try await prepareAndObserve(.code)
            if resources.contains(where: { $0.carriesCode && !$0.isPresent(observed) }) {
                throw EngineError.notDeployed(stack: spec.functionName, environment: spec.environment)
            }
            let plan = Planner.codePlan(spec: spec, observed: observed, codeSha256: code.codeSha256, resources: resources)
            guard !plan.isEmpty else { return false }
            let recorder = StateRecorder(store: store, state: state)
            _ = try await applier(account: account, recorder: recorder).apply(plan, observed: observed, code: code)
            return true
        }
    }

    /// Deletes everything, orphans first, then dependents before what they depend on, the rest at once; what is
    /// already gone counts as deleted. The state file goes only when nothing is left; otherwise it lists what
    /// remains.
    package func destroy(forceUnlock: Bool = false) async throws -> Plan {
        try await store.withLock(force: forceUnlock) {
            let (account, state, observed) = try await prepareAndObserve()
            let plan = Planner.destroyPlan(spec: spec, observed: observed, resources: resources)
            let recorder = StateRecorder(store: store, state: state)
            for step in plan.steps where step.instruction == .change(.none) && state.resources[step.kind.rawValue] != nil {
                try await recorder.forget(step.kind)
            }
            let names = Dictionary(plan.steps.filter { $0.instruction == .change(.delete) }.map { ($0.kind, "\($0.kind) \($0.name)") }) { first, _ in first }
            func remaining(_ finished: Set<ResourceKind>) -> [String] {
                plan.steps.filter { $0.instruction == .change(.delete) && !finished.contains($0.kind) }.compactMap { names[$0.kind] }
            }
            let notStarted: [ResourceKind]
            do throws(Scheduler<ResourceKind>.Failure) {
                notStarted = try await applier(account: account, recorder: recorder).destroy(plan, observed: observed)
            } catch {
                throw DestroyIncomplete(remaining: remaining(error.finished), cause: error.cause)
            }
            if !notStarted.isEmpty { throw EngineError.stopped(command: "destroy", notStarted: notStarted.compactMap { names[$0] }, environment: spec.environment) }
            try await store.remove()
            return plan
        }
    }

    /// The least-privilege policy the deploying identity needs for this hoist.yml: what every kind declares for
    /// its calls, what the state backend needs, and Parameter Store's DescribeParameters while `ssm:`
    /// references exist (IAM checks it on the account's `parameter/*` only), and CloudWatch's GetMetricData for
    /// `hoist metrics` (on `*`: it has no resource-level permissions,
    /// docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html). STS
    /// GetCallerIdentity needs no permission. Built from names alone: no AWS call, so the account is the
    /// caller's, given.
    package func deployerPolicy(account: String) -> DeployerPolicy {
        let arns = StackARNs(spec: spec, account: account)
        var statements = resources.flatMap { $0.permissions(arns) }
        if !spec.parameterNames.isEmpty {
            statements.append(
                PolicyStatement(sid: "DescribeParameters", actions: ["ssm:DescribeParameters"], resources: ["arn:\(arns.partition):ssm:\(spec.region):\(account):*"]))
        }
        statements.append(PolicyStatement(sid: "ReadMetrics", actions: ["cloudwatch:GetMetricData"], resources: ["*"]))
        statements += store.permissions(partition: arns.partition)
        // Two kinds may need the same account-wide statement (each log group's DescribeLogGroups): once is enough.
        var seen: Set<String> = []
        return DeployerPolicy(statements: statements.filter { seen.insert($0.sid + $0.resources.joined() + $0.actions.joined()).inserted })
    }

    /// What a deploy produced, from AWS, without changing anything: only what the outputs are made of is read.
    package func outputs() async throws -> StackOutputs? {
        let (account, _, observed) = try await prepareAndObserve(.outputs)
        return outputs(observed, account: account, learned: [:])
    }
}
