import AWSCognito

/// The user pool's app client: the audience the API's authorizer accepts, and what a sign-in page or a CLI
/// uses to get tokens. Public (no secret); read and removed with its pool.
package struct UserPoolClientResource: StackResource {
    /// The client kept (the recorded one, else the first of its name) and the other clients of its name,
    /// duplicates a lost create left.
    package struct Observation: Sendable {
        package var client: UserPoolClientSummary
        package var duplicates: [UserPoolClientSummary]
    }

    package init() {}

    package var kind: ResourceKind { .userPoolClient }
    package var dependencies: [ResourceKind] { [.userPool] }
    package func name(_ spec: StackSpec) -> String { spec.userPoolClientName }
    package func isWanted(_ spec: StackSpec) -> Bool { UserPoolResource().isWanted(spec) }

    /// The clients of this name in the environment's pool, read with one ListUserPoolClients once the pool is.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope != .code, let pool = try await context.observation(of: UserPoolResource()) else { return nil }
        let named = try await context.clients.cognito.listUserPoolClients(poolID: pool.id, logger: context.logger)?.filter {
            $0.clientName == context.spec.userPoolClientName
        }
        guard let named, let kept = named.first(where: { $0.clientId == context.recorded(kind)?.id }) ?? named.first else { return nil }
        return Observation(client: kept, duplicates: named.filter { $0.clientId != kept.clientId })
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change { change(exists: observed[self] != nil, []) }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.client.clientId) }
    }

    package func learned(_ observed: ObservedStack) -> LearnedID? { observed[self].map { LearnedID(id: $0.client.clientId) } }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let cognito = context.clients.cognito, name = context.spec.userPoolClientName, logger = context.logger
        guard change == .create else { return .usable }
        guard let poolID = await context.learned[.userPool]?.id else { throw EngineError.missingDependency(kind, needs: .userPool) }
        let clientID = try await CreateOnce.run {
            try await cognito.createUserPoolClient(poolID: poolID, name: name, logger: logger).clientId
        } find: {
            try await cognito.listUserPoolClients(poolID: poolID, logger: logger)?.first { $0.clientName == name }?.clientId
        }
        await context.learned.set(kind, LearnedID(id: clientID))
        try await context.recorder.record(kind, id: clientID, arn: nil)
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let client = observed[self]?.client, let poolID = observed[UserPoolResource()]?.id else { return }
        try await UserPoolResource.deleting {
            try await context.clients.cognito.deleteUserPoolClient(poolID: poolID, clientID: client.clientId, logger: context.logger)
        }
    }

    /// Duplicates of the client, and the client itself once hoist.yml asks for no pool (it goes before its pool).
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard let poolID = observed[UserPoolResource()]?.id, let found = observed[self] else { return [] }
        return (isWanted(context.spec) ? found.duplicates : [found.client] + found.duplicates).map {
            Orphan(kind: kind, id: $0.clientId, ownerID: poolID, name: $0.clientName ?? context.spec.userPoolClientName)
        }
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await UserPoolResource.deleting {
            try await context.clients.cognito.deleteUserPoolClient(poolID: orphan.ownerID, clientID: orphan.id, logger: context.logger)
        }
    }

    /// The audience of the pool's tokens.
    package func outputs(_ context: OutputContext) -> [StackOutput]? {
        guard isWanted(context.spec) else { return [] }
        guard let id = context.learned[kind]?.id ?? learned(context.observed)?.id else { return nil }
        return [StackOutput(key: "userPoolClientID", label: "app client", value: id, rank: 11)]
    }
}

extension ResourceKind {
    package static let userPoolClient = ResourceKind("user-pool-client")
}
