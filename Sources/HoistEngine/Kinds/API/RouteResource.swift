import AWSAPIGatewayV2

/// The API's routes: `$default` to the integration behind the API's authorization (hoist.yml's `auth`), and
/// each of `public_routes` to the same integration, open.
package struct RouteResource: StackResource {
    /// Every route of the API (its slice of the API's read); `kept` picks the stack's.
    package struct Observation: Sendable {
        package var routes: [Route]
        package init(routes: [Route]) { self.routes = routes }
    }

    /// What a plan changes of the routes, each naming its route key.
    package enum Property: ResourceProperty {
        /// A route hoist.yml asks for that the API lacks.
        case missing(String)
        /// The integration it targets.
        case target(String)
        /// Who may call it: its authorization type and authorizer.
        case authorization(String)

        package var description: String {
            switch self {
            case .missing(let key): "new route \(key)"
            case .target(let key): "target of \(key)"
            case .authorization(let key): "authorization of \(key)"
            }
        }
    }

    /// A route the stack has: its key and how API Gateway checks its callers.
    struct Wanted: Equatable {
        var key: String
        var authorization: AuthorizationType
    }

    package init() {}

    package var kind: ResourceKind { .route }
    package var dependencies: [ResourceKind] { [.integration, .authorizer] }
    package func name(_ spec: StackSpec) -> String { Self.wanted(spec).map(\.key).joined(separator: ", ") }

    /// `$default` first, behind the API's authorization; then the public routes, open.
    static func wanted(_ spec: StackSpec) -> [Wanted] {
        let authorization: AuthorizationType =
            switch spec.config.api.auth {
            case nil: .none
            case .jwt, .cognito: .jwt
            case .iam: .awsIAM
            }
        return [Wanted(key: "$default", authorization: authorization)] + spec.config.api.publicRoutes.map { Wanted(key: $0, authorization: .none) }
    }

    /// Of the API's routes, one per key the stack wants: the one targeting the stack's integration, else the
    /// first. The rest (a second `$default` a lost create made, a public route no longer listed) are orphans.
    static func kept(_ routes: [Route], integration: Integration?, _ spec: StackSpec) -> [Route] {
        let target = integration.map { "integrations/\($0.integrationId)" }
        return wanted(spec).compactMap { wanted in
            let candidates = routes.filter { $0.routeKey == wanted.key }
            return candidates.first { $0.target == target } ?? candidates.first
        }
    }

    /// Its slice of the API's read.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope == .stack else { return nil }
        return try await context.observation(of: APIResource()).map { Observation(routes: $0.routes) }
    }

    /// Present while the API has any route: those it does not keep go as orphans before the rest.
    package func isPresent(_ observed: ObservedStack) -> Bool { observed[self]?.routes.isEmpty == false }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        let kept = keptRoutes(observed, context.spec)
        guard kept.contains(where: { $0.routeKey == "$default" }) else { return .create }
        let target = observed[IntegrationResource()].map { "integrations/\($0.integrationId)" }
        let authorizer = observed[AuthorizerResource()]?.authorizerId
        var differences: [PropertyChange] = []
        for wanted in Self.wanted(context.spec) {
            guard let route = kept.first(where: { $0.routeKey == wanted.key }) else {
                differences.append(PropertyChange(Property.missing(wanted.key)))
                continue
            }
            // No integration yet: the one to be made needs the route pointed at it.
            if target == nil || route.target != target { differences.append(PropertyChange(Property.target(wanted.key))) }
            let type = route.authorizationType ?? .none
            if type != wanted.authorization {
                differences.append(PropertyChange(Property.authorization(wanted.key), from: type.rawValue, to: wanted.authorization.rawValue))
            } else if wanted.authorization == .jwt, Self.nonEmpty(route.authorizerId) != authorizer {
                differences.append(PropertyChange(Property.authorization(wanted.key)))
            }
        }
        return change(exists: true, differences)
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        keptRoutes(observed, arns.spec).first { $0.routeKey == "$default" }.map { StateFile.ResourceRecord(id: $0.routeId) }
    }

    /// Its own paths under the environment's API (whose id its create makes, so `*`).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] { [APIResource.partStatement(self, "routes", arns)] }

    /// Makes each missing route and puts right each one that differs, in hoist.yml's order.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let gateway = context.clients.apiGateway, logger = context.logger, spec = context.spec
        guard let apiID = await context.learned[.api]?.id, let integrationID = await context.learned[.integration]?.id else {
            throw EngineError.missingDependency(kind, needs: .integration)
        }
        let authorizerID = await context.learned[.authorizer]?.id
        let existing = keptRoutes(context.observed, spec)
        for wanted in Self.wanted(spec) {
            guard wanted.authorization != .jwt || authorizerID != nil else { throw EngineError.missingDependency(kind, needs: .authorizer) }
            let input = CreateRouteInput(
                routeKey: wanted.key, target: "integrations/\(integrationID)", authorizationType: wanted.authorization,
                authorizerId: wanted.authorization == .jwt ? authorizerID : nil)
            // The route key is unique in an API: one found after a lost answer is adopted, then put right.
            let route: Route
            if let found = existing.first(where: { $0.routeKey == wanted.key }) {
                route = found
            } else {
                route = try await CreateOnce.run {
                    try await gateway.createRoute(apiID, input, logger: logger)
                } find: {
                    try await gateway.getRoutes(apiID, logger: logger).first { $0.routeKey == wanted.key }
                } alreadyExists: {
                    if case APIGatewayV2Error.conflict = $0 { true } else { false }
                }
            }
            if route.target != input.target || (route.authorizationType ?? .none) != wanted.authorization || Self.nonEmpty(route.authorizerId) != input.authorizerId {
                var update = input
                // Detaching an authorizer takes an empty id: an absent member leaves the old one.
                if update.authorizerId == nil, Self.nonEmpty(route.authorizerId) != nil { update.authorizerId = "" }
                _ = try await gateway.updateRoute(apiID, routeId: route.routeId, update, logger: logger)
            }
            if wanted.key == "$default", await context.recorder.state.resources[kind.rawValue]?.id != route.routeId {
                try await context.recorder.record(kind, id: route.routeId, arn: nil)
            }
        }
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let apiID = observed[APIResource()]?.api.apiId else { return }
        for route in keptRoutes(observed, context.spec) {
            try await APIResource.deleting { try await context.clients.apiGateway.deleteRoute(apiID, routeId: route.routeId, logger: context.logger) }
        }
    }

    /// The API's routes the stack does not keep: a second `$default`, a public route no longer listed.
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard let apiID = observed[APIResource()]?.api.apiId, let routes = observed[self]?.routes else { return [] }
        let kept = Set(keptRoutes(observed, context.spec).map(\.routeId))
        return routes.filter { !kept.contains($0.routeId) }.map { Orphan(kind: kind, id: $0.routeId, ownerID: apiID, name: $0.routeKey) }
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await APIResource.deleting { try await context.clients.apiGateway.deleteRoute(orphan.ownerID, routeId: orphan.id, logger: context.logger) }
    }

    private func keptRoutes(_ observed: ObservedStack, _ spec: StackSpec) -> [Route] {
        Self.kept(observed[self]?.routes ?? [], integration: observed[IntegrationResource()], spec)
    }

    /// API Gateway reports a detached authorizer as absent or as an empty id.
    private static func nonEmpty(_ id: String?) -> String? { id?.isEmpty == false ? id : nil }
}

extension ResourceKind {
    package static let route = ResourceKind("route")
}
