import AWSAPIGatewayV2
import AWSCognito

/// The API's JWT authorizer, for `auth: {type: jwt}` (the issuer and audience hoist.yml names) and
/// `auth: {type: cognito}` (the environment's user pool as issuer, its app client as audience). The token is
/// the `Authorization` header's, as API Gateway expects (`Bearer <jwt>`).
package struct AuthorizerResource: StackResource {
    package typealias Observation = Authorizer

    /// What a plan changes of the authorizer.
    package enum Property: ResourceProperty {
        case issuer
        case audience
        case identitySource

        package var description: String {
            switch self {
            case .issuer: "issuer"
            case .audience: "audience"
            case .identitySource: "identity source"
            }
        }
    }

    package init() {}

    package var kind: ResourceKind { .authorizer }
    /// A Cognito authorizer names its pool and client (absent kinds count as ready: a `jwt` one needs only the API).
    package var dependencies: [ResourceKind] { [.api, .userPoolClient] }
    package func name(_ spec: StackSpec) -> String { spec.authorizerName }

    package func isWanted(_ spec: StackSpec) -> Bool {
        switch spec.config.api.auth {
        case .jwt, .cognito: true
        case .iam, nil: false
        }
    }

    /// Its slice of the API's read: the recorded authorizer, else the one of its name.
    package func observe(_ context: ObserveContext) async throws -> Authorizer? {
        guard context.scope == .stack, let authorizers = try await context.observation(of: APIResource())?.authorizers else { return nil }
        return authorizers.first { $0.authorizerId == context.recorded(kind)?.id } ?? authorizers.first { $0.name == context.spec.authorizerName }
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        guard let authorizer = observed[self] else { return .create }
        let wanted = Self.configuration(context.spec, context.arns, pool: observed[UserPoolResource()]?.id, client: observed[UserPoolClientResource()]?.client.clientId)
        var differences: [PropertyChange] = []
        if authorizer.jwtConfiguration?.issuer != wanted.issuer {
            differences.append(PropertyChange(Property.issuer, from: authorizer.jwtConfiguration?.issuer, to: wanted.issuer ?? "the new user pool"))
        }
        if authorizer.jwtConfiguration?.audience != wanted.audience {
            differences.append(PropertyChange(Property.audience, from: authorizer.jwtConfiguration?.audience?.joined(separator: ","), to: wanted.audience?.joined(separator: ",") ?? "the new app client"))
        }
        if authorizer.identitySource != Self.identitySource { differences.append(PropertyChange(Property.identitySource)) }
        return change(exists: true, differences)
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.authorizerId) }
    }

    package func learned(_ observed: ObservedStack) -> LearnedID? { observed[self].map { LearnedID(id: $0.authorizerId) } }

    /// Its own paths under the environment's API (whose id its create makes, so `*`).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        isWanted(arns.spec) ? [APIResource.partStatement(self, "authorizers", arns)] : []
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let gateway = context.clients.apiGateway, logger = context.logger, spec = context.spec
        guard let apiID = await context.learned[.api]?.id else { throw EngineError.missingDependency(kind, needs: .api) }
        let configuration = Self.configuration(spec, context.arns, pool: await context.learned[.userPool]?.id, client: await context.learned[.userPoolClient]?.id)
        guard configuration.issuer != nil, configuration.audience != nil else { throw EngineError.missingDependency(kind, needs: .userPoolClient) }
        let input = AuthorizerInput(authorizerType: .jwt, identitySource: Self.identitySource, name: spec.authorizerName, jwtConfiguration: configuration)
        if change == .create {
            // Names are unique among an API's authorizers: one found after a lost answer is adopted, then put right.
            let authorizer = try await CreateOnce.run {
                try await gateway.createAuthorizer(apiID, input, logger: logger)
            } find: {
                try await gateway.getAuthorizers(apiID, logger: logger).first { $0.name == spec.authorizerName }
            } alreadyExists: {
                if case APIGatewayV2Error.conflict = $0 { true } else { false }
            }
            if authorizer.jwtConfiguration != configuration { _ = try await gateway.updateAuthorizer(apiID, authorizerId: authorizer.authorizerId, input, logger: logger) }
            await context.learned.set(kind, LearnedID(id: authorizer.authorizerId))
            try await context.recorder.record(kind, id: authorizer.authorizerId, arn: nil)
        } else if let id = context.observed[self]?.authorizerId {
            _ = try await gateway.updateAuthorizer(apiID, authorizerId: id, input, logger: logger)
        }
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let apiID = observed[APIResource()]?.api.apiId, let id = observed[self]?.authorizerId else { return }
        try await APIResource.deleting { try await context.clients.apiGateway.deleteAuthorizer(apiID, authorizerId: id, logger: context.logger) }
    }

    /// Every other authorizer of the API, and this one once hoist.yml asks for none (the routes let go of it first).
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard let apiID = observed[APIResource()]?.api.apiId, let authorizers = observed[APIResource()]?.authorizers else { return [] }
        let kept = isWanted(context.spec) ? observed[self]?.authorizerId : nil
        return authorizers.filter { $0.authorizerId != kept }.map { Orphan(kind: kind, id: $0.authorizerId, ownerID: apiID, name: $0.name) }
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await APIResource.deleting { try await context.clients.apiGateway.deleteAuthorizer(orphan.ownerID, authorizerId: orphan.id, logger: context.logger) }
    }

    static let identitySource = ["$request.header.Authorization"]

    /// The issuer and audience it trusts; for Cognito, `nil` members until the pool and client exist.
    static func configuration(_ spec: StackSpec, _ arns: StackARNs, pool: String?, client: String?) -> JWTConfiguration {
        switch spec.config.api.auth {
        case .jwt(let issuer, let audience): JWTConfiguration(audience: audience, issuer: issuer)
        default: JWTConfiguration(audience: client.map { [$0] }, issuer: pool.map(arns.cognitoIssuer))
        }
    }
}

extension ResourceKind {
    package static let authorizer = ResourceKind("authorizer")
}

extension StackSpec {
    package var authorizerName: String { "\(functionName)-authorizer" }
}
