import AWSCognito
import AWSTransport
import Logging

/// The Cognito user pool of `auth: {type: cognito}`: who can sign in to the API. Tagged like everything
/// hoist makes, and only a pool with this environment's tags is adopted or deleted.
package struct UserPoolResource: StackResource {
    package typealias Observation = UserPool

    package init() {}

    package var kind: ResourceKind { .userPool }
    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { spec.userPoolName }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.api.auth == .cognito }

    /// The recorded pool, else one of this name and tags (a lost state, or a create whose answer was lost).
    /// Nothing is read when hoist.yml asks for no pool and the state records none.
    package func observe(_ context: ObserveContext) async throws -> UserPool? {
        guard context.scope != .code, isWanted(context.spec) || context.recorded(kind) != nil else { return nil }
        if let id = context.recorded(kind)?.id, let pool = try await context.clients.cognito.describeUserPool(id, logger: context.logger) {
            try ensureOwned(pool.userPoolTags, id: id, context.spec)
            return pool
        }
        return try await Self.find(context.clients.cognito, context.spec, context.logger)
    }

    /// A pool has nothing hoist sets beyond its name and tags.
    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change { change(exists: observed[self] != nil, []) }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.id, arn: $0.arn) }
    }

    package func learned(_ observed: ObservedStack) -> LearnedID? { observed[self].map { LearnedID(id: $0.id) } }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let cognito = context.clients.cognito, spec = context.spec, logger = context.logger
        guard change == .create else { return .usable }
        let pool = try await CreateOnce.run {
            try await cognito.createUserPool(name: spec.userPoolName, tags: spec.tags, logger: logger)
        } find: {
            try await Self.find(cognito, spec, logger)
        }
        await context.learned.set(kind, LearnedID(id: pool.id))
        try await context.recorder.record(kind, id: pool.id, arn: pool.arn)
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let id = observed[self]?.id else { return }
        try await Self.deleting { try await context.clients.cognito.deleteUserPool(id, logger: context.logger) }
    }

    /// A pool of this environment's when hoist.yml no longer asks for one (auth changed or removed).
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard !isWanted(context.spec), let pool = observed[self] else { return [] }
        return [Orphan(kind: kind, id: pool.id, ownerID: pool.id, name: pool.name ?? context.spec.userPoolName)]
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await Self.deleting { try await context.clients.cognito.deleteUserPool(orphan.id, logger: context.logger) }
    }

    /// The pool's id and the issuer its tokens name, which the API's authorizer trusts.
    package func outputs(_ context: OutputContext) -> [StackOutput]? {
        guard isWanted(context.spec) else { return [] }
        guard let id = context.learned[kind]?.id ?? learned(context.observed)?.id else { return nil }
        return [
            StackOutput(key: "userPoolID", label: "user pool", value: id, rank: 10),
            StackOutput(key: "issuer", label: "issuer", value: context.arns.cognitoIssuer(id), rank: 12),
        ]
    }

    /// Pools are found by listing (no resource-level permission) and then read, made and deleted by ARN.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        guard isWanted(arns.spec) else { return [] }
        return [
            PolicyStatement(sid: "ListUserPools", actions: ["cognito-idp:ListUserPools", "cognito-idp:CreateUserPool", "cognito-idp:TagResource"], resources: ["*"]),
            statement(
                ["cognito-idp:DescribeUserPool", "cognito-idp:DeleteUserPool", "cognito-idp:CreateUserPoolClient", "cognito-idp:ListUserPoolClients",
                 "cognito-idp:DeleteUserPoolClient"],
                on: ["arn:\(arns.partition):cognito-idp:\(arns.spec.region):\(arns.account):userpool/*"]),
        ]
    }

    static func deleting(_ delete: () async throws -> Void) async throws {
        try await UserPoolResource().ignoringAbsence({ if case CognitoError.resourceNotFound = $0 { true } else { false } }, delete)
    }

    /// The oldest-listed pool of this name that carries this environment's tags (the list has no tags: each
    /// candidate of the name is read).
    private static func find(_ cognito: CognitoClient, _ spec: StackSpec, _ logger: Logger) async throws -> UserPool? {
        for summary in try await cognito.listUserPools(logger: logger) where summary.name == spec.userPoolName {
            if let pool = try await cognito.describeUserPool(summary.id, logger: logger), spec.owns(pool.userPoolTags) { return pool }
        }
        return nil
    }
}

extension ResourceKind {
    package static let userPool = ResourceKind("user-pool")
}

extension StackSpec {
    package var userPoolName: String { "\(functionName)-users" }
    package var userPoolClientName: String { "\(functionName)-client" }
}

extension StackARNs {
    /// What a pool's tokens carry in `iss`, and where its signing keys are (`<issuer>/.well-known/jwks.json`).
    package func cognitoIssuer(_ poolID: String) -> String {
        "https://cognito-idp.\(spec.region).\(EndpointResolver.partition(of: spec.region).dnsSuffix)/\(poolID)"
    }
}
