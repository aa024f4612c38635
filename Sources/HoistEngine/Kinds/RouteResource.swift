import AWSAPIGatewayV2

/// The API's `$default` route, targeting the integration.
package struct RouteResource: StackResource {
    package var kind: ResourceKind { .route }
    package var dependencies: [ResourceKind] { [.integration] }
    package func name(_ spec: StackSpec) -> String { "$default" }

    /// Read with the API it belongs to (`APIResource`).
    package func observe(_ context: ObserveContext) async throws -> ObservedStack.Finding { { _ in } }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        var differences: [PropertyChange] = []
        if let route = observed.route, let integration = observed.integration, route.target != "integrations/\(integration.integrationId)" {
            differences.append(PropertyChange(.target))
        }
        return change(exists: observed.route != nil, differences)
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { observed.route != nil }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed.route.map { StateFile.ResourceRecord(id: $0.routeId) }
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let gateway = context.clients.apiGateway, logger = context.logger
        guard let apiID = await context.learned.apiID, let integrationID = await context.learned.integrationID else {
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
        } else if let routeID = context.observed.route?.routeId {
            _ = try await gateway.updateRoute(apiID, routeId: routeID, input, logger: logger)
        }
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let apiID = observed.api?.apiId, let route = observed.route else { return }
        do {
            try await context.clients.apiGateway.deleteRoute(apiID, routeId: route.routeId, logger: context.logger)
        } catch APIGatewayV2Error.notFound {
            // Already gone: that is what destroy wants.
        }
    }
}
