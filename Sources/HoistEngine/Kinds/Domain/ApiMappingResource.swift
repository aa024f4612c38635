import AWSAPIGatewayV2

/// The mapping of the custom domain's root to the API's `$default` stage.
package struct ApiMappingResource: StackResource {
    /// The domain's mappings (one page holds them).
    package typealias Observation = [ApiMapping]

    package init() {}

    package var kind: ResourceKind { .apiMapping }
    package var dependencies: [ResourceKind] { [.domainName, .stage] }
    package func name(_ spec: StackSpec) -> String { "\(spec.config.api.domain?.name ?? "domain") → $default" }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.api.domain != nil }

    package func observe(_ context: ObserveContext) async throws -> [ApiMapping]? {
        guard context.scope == .stack, let name = context.recorded(.domainName)?.id ?? context.spec.config.api.domain?.name else { return nil }
        do {
            let mappings = try await context.clients.apiGateway.getApiMappings(name, logger: context.logger)
            return mappings.isEmpty ? nil : mappings
        } catch APIGatewayV2Error.notFound {
            return nil
        }
    }

    /// The mapping of this stack's API; one of another API is someone's to keep (the domain is this stack's).
    private func mapping(_ observed: ObservedStack) -> ApiMapping? {
        let apiID = observed[APIResource()]?.api.apiId
        return observed[self]?.first { $0.apiId == apiID && $0.stage == "$default" && ($0.apiMappingKey ?? "").isEmpty }
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { mapping(observed) != nil }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change { change(exists: mapping(observed) != nil, []) }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        mapping(observed).map { StateFile.ResourceRecord(id: $0.apiMappingId) }
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        guard let domain = context.spec.config.api.domain?.name, let apiID = await context.learned[.api]?.id else {
            throw EngineError.missingDependency(kind, needs: .api)
        }
        let gateway = context.clients.apiGateway, logger = context.logger
        let made = try await CreateOnce.run {
            try await gateway.createApiMapping(domain, apiId: apiID, stage: "$default", logger: logger)
        } find: {
            try await gateway.getApiMappings(domain, logger: logger).first { $0.apiId == apiID && $0.stage == "$default" }
        } alreadyExists: {
            if case APIGatewayV2Error.conflict = $0 { true } else { false }
        }
        try await context.recorder.record(kind, id: made.apiMappingId, arn: nil)
        return .usable
    }

    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] { domainOrphans(observed, context) }
    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws { try await delete(context.observed, context) }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let mapping = mapping(observed), let domain = observed[DomainNameResource()]?.domainName ?? context.spec.config.api.domain?.name else { return }
        try await APIResource.deleting { try await context.clients.apiGateway.deleteApiMapping(domain, mappingId: mapping.apiMappingId, logger: context.logger) }
    }
}

extension ResourceKind {
    package static let apiMapping = ResourceKind("api-mapping")
}
