import AWSAPIGatewayV2

/// The API's `$default` route, targeting the integration.
package struct RouteResource: StackResource {
    package typealias Observation = Route

    /// What a plan changes of the route.
    package enum Property: ResourceProperty {
        /// The integration it targets.
        case target

        package var description: String { "target" }
    }

    package init() {}

    package var kind: ResourceKind { .route }
    package var dependencies: [ResourceKind] { [.integration] }
    package func name(_ spec: StackSpec) -> String { "$default" }

    /// Its slice of the API's read.
    package func observe(_ context: ObserveContext) async throws -> Route? {
        guard context.scope == .stack else { return nil }
        return try await context.observation(of: APIResource())?.route
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        var differences: [PropertyChange] = []
        if let route = observed[self], let integration = observed[IntegrationResource()], route.target != "integrations/\(integration.integrationId)" {
            differences.append(PropertyChange(Property.target))
        }
        return change(exists: observed[self] != nil, differences)
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.routeId) }
    }

    /// Its own paths under the environment's API (whose id its create makes, so `*`).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] { [APIResource.partStatement(self, "routes", arns)] }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let gateway = context.clients.apiGateway, logger = context.logger
        guard let apiID = await context.learned[.api]?.id, let integrationID = await context.learned[.integration]?.id else {
            throw EngineError.missingDependency(kind, needs: .integration)
        }
        let input = CreateRouteInput(routeKey: "$default", target: "integrations/\(integrationID)")
        if change == .create {
            // The route key is unique in an API: a `$default` found after a lost answer is adopted, and pointed
            // at this integration if it is not.
            let route = try await CreateOnce.run {
                try await gateway.createRoute(apiID, input, logger: logger)
            } find: {
                try await gateway.getRoutes(apiID, logger: logger).first { $0.routeKey == "$default" }
            } alreadyExists: {
                if case APIGatewayV2Error.conflict = $0 { true } else { false }
            }
            if route.target != input.target { _ = try await gateway.updateRoute(apiID, routeId: route.routeId, input, logger: logger) }
            try await context.recorder.record(kind, id: route.routeId, arn: nil)
        } else if let routeID = context.observed[self]?.routeId {
            _ = try await gateway.updateRoute(apiID, routeId: routeID, input, logger: logger)
        }
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let apiID = observed[APIResource()]?.api.apiId, let route = observed[self] else { return }
        try await APIResource.deleting { try await context.clients.apiGateway.deleteRoute(apiID, routeId: route.routeId, logger: context.logger) }
    }

    /// A second `$default` route of the environment's API.
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] { APIResource.orphans(of: kind, observed) }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await APIResource.deleting { try await context.clients.apiGateway.deleteRoute(orphan.apiID, routeId: orphan.id, logger: context.logger) }
    }
}

extension ResourceKind {
    package static let route = ResourceKind("route")
}
