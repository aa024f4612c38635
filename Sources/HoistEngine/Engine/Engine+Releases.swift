import AWSLambda

/// One published version, as `hoist versions` lists it.
package struct Release: Sendable, Equatable, Encodable {
    package var version: String
    package var codeSha256: String
    /// When it was published (Lambda's `LastModified`).
    package var published: String?
    /// What it was built from (`config <digest> git <commit>`), from its description.
    package var source: String?
    package var live: Bool
    /// The share of `live`'s traffic a canary sends it.
    package var canaryWeight: Double?
}

/// The environment's versions, oldest first, and where `live` stands.
package struct Releases: Sendable, Equatable, Encodable {
    package var versions: [Release]
    package var live: String?
    package var rolledBackFrom: String?
}

/// What `hoist rollback` did: `live` moved from one version to another, or a canary ended.
package struct RollbackResult: Sendable, Equatable {
    package var from: String
    package var to: String
    package var endedCanary: Bool
}

extension Engine {
    /// Every published version and the alias, read live; nothing written.
    package func releases() async throws -> Releases {
        let (_, state, found) = try await readReleases()
        guard let found else { throw EngineError.notDeployed(stack: spec.functionName, environment: spec.environment) }
        let canary = found.canary
        let versions = found.versions.compactMap { version -> Release? in
            guard let number = version.version else { return nil }
            let source = version.description.map { $0.hasPrefix("hoist: ") ? String($0.dropFirst(7)) : $0 }.flatMap { $0 == "hoist" ? nil : $0 }
            return Release(
                version: number, codeSha256: version.codeSha256, published: version.lastModified, source: source, live: number == found.alias?.functionVersion,
                canaryWeight: canary?.version == number ? canary?.weight : nil)
        }
        return Releases(versions: versions, live: found.alias?.functionVersion, rolledBackFrom: state?.resources[ResourceKind.alias.rawValue]?.attributes?[AliasResource.rolledBackFrom])
    }

    /// Points `live` at `target` (default: the newest version older than the one it serves) without building,
    /// uploading or publishing: one alias update. During a canary it ends the canary instead, all traffic back
    /// on `live`'s version. The state records the version it was moved from, for `status` and the next deploy.
    package func rollback(to target: String?, forceUnlock: Bool = false) async throws -> RollbackResult {
        try await store.withLock(force: forceUnlock) {
            let (account, loaded, found) = try await readReleases()
            guard let loaded, let found, let alias = found.alias else {
                throw EngineError.notDeployed(stack: spec.functionName, environment: spec.environment)
            }
            let state = try checked(loaded, account: account)
            let current = alias.functionVersion
            if let canary = found.canary, target == nil || target == current {
                _ = try await clients.lambda.updateAlias(spec.functionName, alias: AliasResource.name, UpdateAliasInput(functionVersion: current), logger: logger)
                return RollbackResult(from: canary.version, to: current, endedCanary: true)
            }
            let numbers = found.versions.compactMap { $0.version.flatMap { Int($0) } }
            let chosen: Int
            if let target {
                guard let number = Int(target), numbers.contains(number) else {
                    throw EngineError.noRelease(
                        "version \(target) is not a published version of \(spec.functionName) (\(numbers.map(String.init).joined(separator: ", "))); `hoist versions --env \(spec.environment)` lists them")
                }
                chosen = number
            } else {
                guard let previous = numbers.filter({ $0 < (Int(current) ?? 0) }).max() else {
                    throw EngineError.noRelease(
                        "live serves version \(current) and no older version is kept; `hoist versions --env \(spec.environment)` lists what there is")
                }
                chosen = previous
            }
            guard String(chosen) != current else {
                throw EngineError.noRelease("live already serves version \(current); `hoist versions --env \(spec.environment)` lists the others")
            }
            _ = try await clients.lambda.updateAlias(spec.functionName, alias: AliasResource.name, UpdateAliasInput(functionVersion: String(chosen)), logger: logger)
            // Back on the version a rollback left is no longer a rollback.
            let mark = state.resources[ResourceKind.alias.rawValue]?.attributes?[AliasResource.rolledBackFrom]
            let from = mark == String(chosen) ? nil : current
            let recorder = StateRecorder(store: store, state: state)
            try await recorder.record(
                .alias, id: AliasResource.name, arn: StackARNs(spec: spec, account: account).liveAlias, attributes: from.map { [AliasResource.rolledBackFrom: $0] })
            return RollbackResult(from: current, to: String(chosen), endedCanary: false)
        }
    }

    /// Ends a canary early: `live` serves the canary's version alone. Returns (previous, promoted).
    package func promote(forceUnlock: Bool = false) async throws -> (from: String, to: String) {
        try await store.withLock(force: forceUnlock) {
            let (account, loaded, found) = try await readReleases()
            guard let loaded, let alias = found?.alias else { throw EngineError.notDeployed(stack: spec.functionName, environment: spec.environment) }
            let state = try checked(loaded, account: account)
            guard let canary = found?.canary else {
                throw EngineError.noRelease("no canary is running: live serves version \(alias.functionVersion); `hoist deploy --env \(spec.environment) --canary 10%` starts one")
            }
            _ = try await clients.lambda.updateAlias(spec.functionName, alias: AliasResource.name, UpdateAliasInput(functionVersion: canary.version), logger: logger)
            try await StateRecorder(store: store, state: state).record(.alias, id: AliasResource.name, arn: StackARNs(spec: spec, account: account).liveAlias)
            return (alias.functionVersion, canary.version)
        }
    }

    /// The state, the account and the alias with its versions, read at once.
    private func readReleases() async throws -> (account: String, state: StateFile?, found: AliasResource.Observation?) {
        async let loaded = store.load()
        async let identity = callerAccount()
        async let alias = clients.lambda.getAlias(spec.functionName, alias: AliasResource.name, logger: logger)
        async let versions = AliasResource.publishedVersions(clients.lambda, spec.functionName, logger)
        let found = AliasResource.Observation(alias: try await alias, versions: try await versions)
        return (try await identity, try await loaded, found.alias == nil && found.versions.isEmpty ? nil : found)
    }
}
