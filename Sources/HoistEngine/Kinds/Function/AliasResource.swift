import AWSLambda
import AWSTransport
import Foundation
import Logging

/// Alias `live`: the published version the API invokes. A deploy or update-code that changes the code or the
/// configuration publishes a version and moves `live` to it, so going back is one alias update
/// (`hoist rollback`) rather than a rebuild. It carries the provisioned concurrency, which Lambda allows only on
/// a version or alias, and prunes the versions no alias serves beyond `keep_versions`.
package struct AliasResource: StackResource {
    package static let name = "live"

    /// The alias, every published version (oldest first), the alias's own resource policy (the API's permission
    /// is granted on `live`) and its provisioned concurrency; the last two read with the whole stack only.
    package struct Observation: Sendable {
        package var alias: AliasConfiguration?
        package var versions: [FunctionConfiguration]
        package var policy: String?
        package var provisioned: ProvisionedConcurrencyConfig?
        /// The version `live` served before `hoist rollback` moved it, as the state records it.
        package var rolledBackFrom: String?

        package init(
            alias: AliasConfiguration?, versions: [FunctionConfiguration], policy: String? = nil, provisioned: ProvisionedConcurrencyConfig? = nil,
            rolledBackFrom: String? = nil
        ) {
            self.alias = alias
            self.versions = versions
            self.policy = policy
            self.provisioned = provisioned
            self.rolledBackFrom = rolledBackFrom
        }

        /// The version `live` serves.
        package var live: FunctionConfiguration? { alias.flatMap { alias in versions.first { $0.version == alias.functionVersion } } }
        /// The version a canary sends a share of `live`'s traffic to, and that share (0…1).
        package var canary: (version: String, weight: Double)? {
            alias?.routingConfig?.additionalVersionWeights?.first.map { (version: $0.key, weight: $0.value) }
        }
    }

    /// What a plan changes of the alias.
    package enum Property: ResourceProperty {
        /// `live` serves a version whose configuration is not hoist.yml's: a new version is published.
        case version
        /// `hoist rollback` moved `live` back; the deploy publishes what it deploys and ends that.
        case rollback
        /// A canary left running (a deploy interrupted, or its bake not finished): the deploy ends it.
        case canary
        case provisionedConcurrency
        /// Versions beyond `keep_versions` that no alias serves.
        case versions

        package var description: String {
            switch self {
            case .version: "version"
            case .rollback: "rollback"
            case .canary: "canary"
            case .provisionedConcurrency: "provisioned concurrency"
            case .versions: "versions"
            }
        }
    }

    package init() {}

    package var kind: ResourceKind { .alias }
    package var carriesCode: Bool { true }
    /// A version is a snapshot of the function settled: its configuration and code changes must be done.
    package var dependencies: [ResourceKind] { [.function] }
    package func name(_ spec: StackSpec) -> String { Self.name }

    /// One round of reads beside the function's: a missing function answers "not found" to each.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope != .outputs else { return nil }
        let lambda = context.clients.lambda, function = context.spec.functionName, logger = context.logger, whole = context.scope == .stack
        async let alias = lambda.getAlias(function, alias: Self.name, logger: logger)
        async let versions = Self.publishedVersions(lambda, function, logger)
        async let policy = whole ? lambda.getPolicy(function, qualifier: Self.name, logger: logger)?.policy : nil
        async let provisioned = whole ? lambda.getProvisionedConcurrency(function, qualifier: Self.name, logger: logger) : nil
        let found = Observation(
            alias: try await alias, versions: try await versions, policy: try await policy, provisioned: try await provisioned,
            rolledBackFrom: context.recorded(kind)?.attributes?[Self.rolledBackFrom])
        return found.alias == nil && found.versions.isEmpty ? nil : found
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { observed[self]?.alias != nil }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        guard let found = observed[self], let alias = found.alias else { return .create }
        var differences: [PropertyChange] = []
        let live = found.live
        if live == nil || !FunctionResource.differences(live, context).isEmpty {
            differences.append(PropertyChange(Property.version, from: alias.functionVersion, to: "a new version"))
        }
        if let from = found.rolledBackFrom {
            differences.append(PropertyChange(Property.rollback, from: "\(alias.functionVersion) (rolled back from \(from))", to: "what this deploy publishes"))
        }
        if let canary = found.canary {
            differences.append(PropertyChange(Property.canary, from: "\(canary.version) at \(Self.percent(canary.weight))", to: "none"))
        }
        let provisioned = found.provisioned?.requestedProvisionedConcurrentExecutions, wanted = context.spec.config.function.provisionedConcurrency
        if provisioned != wanted || (wanted != nil && found.provisioned?.status == .failed) {
            differences.append(PropertyChange(Property.provisionedConcurrency, from: provisioned.map(String.init) ?? "none", to: wanted.map(String.init) ?? "none"))
        }
        let surplus = Self.surplus(found, keep: context.spec.config.function.keepVersions)
        if !surplus.isEmpty { differences.append(PropertyChange(Property.versions, from: "\(found.versions.count)", to: "\(found.versions.count - surplus.count)")) }
        return differences.isEmpty ? .none : .update(differences)
    }

    /// New code goes to `live` as a new version: its `CodeSha256` differs from the package's.
    package func codeChanged(_ observed: ObservedStack, codeSha256: String, _ context: PlanContext) -> Bool {
        guard let live = observed[self]?.live else { return false }
        return live.codeSha256 != codeSha256
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self]?.alias.map { StateFile.ResourceRecord(id: $0.name, arn: $0.aliasArn ?? arns.liveAlias) }
    }

    /// The alias exists (and may be granted to the API) once it points at the new version; provisioned
    /// concurrency may take minutes to be READY, so that wait, and the pruning, run as the rest of the step.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger, function = spec.functionName
        let found = context.observed[self]
        let differences = if case .update(let differences) = change { differences } else { [PropertyChange]() }
        var provisioningChanged = differences.contains(Property.provisionedConcurrency)
        // What this step leaves: the versions the plan read, and `live` where the step moves it. The version it
        // publishes is served, so never one to prune.
        var after = found ?? Observation(alias: nil, versions: [])
        if change == .create || context.uploadsCode(self) || differences.contains(where: { [.version, .rollback, .canary].contains($0.property as? Property) }) {
            let version = try await publish(context)
            if found?.alias == nil {
                let input = CreateAliasInput(name: Self.name, functionVersion: version, description: "hoist: the version the API serves")
                after.alias = try await CreateOnce.run {
                    try await lambda.createAlias(function, input, logger: logger)
                } find: {
                    try await lambda.getAlias(function, alias: Self.name, logger: logger)
                } alreadyExists: {
                    if case LambdaError.resourceConflict = $0 { true } else { false }
                }
                provisioningChanged = provisioningChanged || spec.config.function.provisionedConcurrency != nil
            } else if let weight = context.canaryWeight, let alias = found?.alias, alias.functionVersion != version {
                // A canary: `live` stays where it is and sends the new version a share of its traffic.
                let routing = AliasRoutingConfiguration(additionalVersionWeights: [version: weight])
                let input = UpdateAliasInput(functionVersion: alias.functionVersion, routingConfig: routing)
                after.alias = try await lambda.updateAlias(function, alias: Self.name, input, logger: logger)
            } else {
                after.alias = try await lambda.updateAlias(function, alias: Self.name, UpdateAliasInput(functionVersion: version), logger: logger)
                // Moving `live` allocates its provisioned concurrency again, for the new version.
                provisioningChanged = provisioningChanged || spec.config.function.provisionedConcurrency != nil
            }
            try await context.recorder.record(kind, id: Self.name, arn: context.arns.liveAlias)
        }
        let provision = provisioningChanged, left = after
        return .exists {
            if provision { try await setProvisionedConcurrency(context) }
            try await prune(left, context)
        }
    }

    /// Publishes `$LATEST` as the function step left it (the `CodeSha256` Lambda reported for it): a version
    /// holds exactly what hoist uploaded, never someone's upload since. Lambda answers with the last version
    /// when nothing changed since it was published. The description says what it was built from.
    private func publish<C>(_ context: ApplyContext<C>) async throws -> String {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger
        let expected = await context.learned[.function]?.id
        let input = PublishVersionInput(codeSha256: expected, description: context.code?.source.map { "hoist: \($0)" } ?? "hoist")
        let published = try await FunctionResource.whenReady(self, context) { try await lambda.publishVersion(spec.functionName, input, logger: logger) }
        guard let version = published.version, version != "$LATEST" else { throw EngineError.unexpectedAnswer("PublishVersion", "no version number") }
        return version
    }

    /// Puts or removes `live`'s provisioned concurrency, then waits until it is READY: until then requests meet
    /// the cold starts it is there to avoid.
    private func setProvisionedConcurrency<C>(_ context: ApplyContext<C>) async throws {
        let lambda = context.clients.lambda, function = context.spec.functionName, logger = context.logger
        guard let wanted = context.spec.config.function.provisionedConcurrency else {
            try await ignoringAbsence({ Self.isAbsent($0) }) { try await lambda.deleteProvisionedConcurrency(function, qualifier: Self.name, logger: logger) }
            return
        }
        _ = try await lambda.putProvisionedConcurrency(function, qualifier: Self.name, executions: wanted, logger: logger)
        let what = "provisioned concurrency \(wanted) on \(function):\(Self.name) to be READY"
        _ = try await context.waiter.wait(for: what, every: .seconds(2), waiting: context.reporting(self)) { () async throws -> Bool? in
            let config = try await lambda.getProvisionedConcurrency(function, qualifier: Self.name, logger: logger)
            if config?.status == .failed {
                throw EngineError.provisioningFailed(function: function, reason: config?.statusReason ?? "no reason given")
            }
            return config?.status == .ready ? true : nil
        }
    }

    /// Deletes the published versions beyond the newest `keep_versions` that no alias serves (a canary's
    /// version is served too), from what the step left rather than a second reading. A version an alias moved
    /// to meanwhile (`hoist rollback` from another shell) is refused by Lambda with a conflict, and kept.
    private func prune<C>(_ left: Observation, _ context: ApplyContext<C>) async throws {
        let lambda = context.clients.lambda, function = context.spec.functionName, logger = context.logger
        guard left.alias != nil else { return }
        for version in Self.surplus(left, keep: context.spec.config.function.keepVersions) {
            do {
                try await ignoringAbsence({ Self.isAbsent($0) }) { try await lambda.deleteVersion(function, version: version, logger: logger) }
            } catch LambdaError.resourceConflict {
                continue
            }
        }
    }

    /// Deleting the alias takes its policy and provisioned concurrency with it; its versions go with the function.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        try await ignoringAbsence({ Self.isAbsent($0) }) {
            try await context.clients.lambda.deleteAlias(context.spec.functionName, alias: Self.name, logger: context.logger)
        }
    }

    /// Publishing, aliasing and reading this function's versions and aliases; setting provisioned concurrency
    /// only while hoist.yml asks for it (removing it takes the policy that was in force when it was set, as
    /// for every optional section).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        var actions = [
            "lambda:PublishVersion", "lambda:ListVersionsByFunction", "lambda:DeleteFunction", "lambda:GetAlias", "lambda:CreateAlias", "lambda:UpdateAlias",
            "lambda:DeleteAlias", "lambda:GetPolicy", "lambda:GetProvisionedConcurrencyConfig",
        ]
        if arns.spec.config.function.provisionedConcurrency != nil {
            actions += ["lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"]
        }
        return [statement(actions, on: [arns.function, arns.function + ":*"])]
    }

    /// A rollback, a canary or provisioned concurrency not READY yet: what `live` serves is not simply the last deploy.
    package func attention(_ observed: ObservedStack, _ spec: StackSpec) -> [Attention] {
        guard let found = observed[self], let alias = found.alias else { return [] }
        var notes: [String] = []
        if let from = found.rolledBackFrom { notes.append("rolled back from \(from)") }
        if let canary = found.canary { notes.append("canary \(canary.version) at \(Self.percent(canary.weight)) (hoist promote or hoist rollback ends it)") }
        if let provisioned = found.provisioned, provisioned.status != .ready { notes.append("provisioned concurrency \(provisioned.status?.rawValue ?? "unknown")") }
        return notes.isEmpty ? [] : [Attention("live: \(alias.functionVersion) (\(notes.joined(separator: "; ")))", firing: false)]
    }

    /// The versions to delete: published ones no alias serves, beyond the newest `keep`.
    static func surplus(_ found: Observation, keep: Int) -> [String] {
        var served: Set<String> = []
        if let alias = found.alias { served.insert(alias.functionVersion) }
        if let canary = found.canary { served.insert(canary.version) }
        let idle = found.versions.compactMap(\.version).filter { !served.contains($0) }.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        return Array(idle.dropFirst(keep))
    }

    /// Published versions only, oldest first; none when the function does not exist.
    static func publishedVersions(_ lambda: LambdaClient, _ function: String, _ logger: Logger) async throws -> [FunctionConfiguration] {
        do {
            return try await lambda.listVersions(function, logger: logger).filter { $0.version != "$LATEST" }.sorted { (Int($0.version ?? "") ?? 0) < (Int($1.version ?? "") ?? 0) }
        } catch LambdaError.resourceNotFound {
            return []
        }
    }

    static func isAbsent(_ error: any Error) -> Bool {
        if case LambdaError.resourceNotFound = error { return true }
        if case LambdaError.other(let error) = error, error.code == "ProvisionedConcurrencyConfigNotFoundException" { return true }
        return false
    }

    static func percent(_ weight: Double) -> String {
        let value = weight * 100
        return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }

    /// The state's key for the version `live` served before a rollback.
    package static let rolledBackFrom = "rolledBackFrom"
}

extension ResourceKind {
    package static let alias = ResourceKind("alias")
}

extension StackARNs {
    /// What the API invokes: the function through its alias.
    package var liveAlias: String { function + ":" + AliasResource.name }
}
