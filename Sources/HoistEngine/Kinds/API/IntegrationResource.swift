import AWSAPIGatewayV2

/// The API's Lambda proxy integration (payload 2.0) to the function's alias `live`.
package struct IntegrationResource: StackResource {
    package typealias Observation = Integration

    /// What a plan changes of the integration.
    package enum Property: ResourceProperty {
        /// What it invokes.
        case target
        case payloadFormat

        package var description: String {
            switch self {
            case .target: "target"
            case .payloadFormat: "payload format"
            }
        }
    }

    package init() {}

    package var kind: ResourceKind { .integration }
    /// After `live`'s permission: an integration moved to `live` before API Gateway may invoke it would answer
    /// 500 until then (a stack deployed before aliases moves so, with no moment the API cannot call the function).
    package var dependencies: [ResourceKind] { [.permission, .api] }

    /// A new integration only names `live` (API Gateway does not check it exists) and nothing calls it before
    /// its route is made, in this same deploy: it starts once the function is created, while it is Pending.
    package func deployOrder(for change: Change) -> (dependencies: [ResourceKind], needsOnlyExistence: Set<ResourceKind>) {
        change == .create ? ([.function, .api], [.function]) : (dependencies, [])
    }
    package func name(_ spec: StackSpec) -> String { "AWS_PROXY" }

    /// Its slice of the API's read, which also picks the integration the stack uses.
    package func observe(_ context: ObserveContext) async throws -> Integration? {
        guard context.scope == .stack else { return nil }
        return try await context.observation(of: APIResource())?.integration
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        var differences: [PropertyChange] = []
        if let integration = observed[self] {
            if integration.integrationUri != context.arns.liveAlias { differences.append(PropertyChange(Property.target)) }
            if integration.payloadFormatVersion != "2.0" {
                differences.append(PropertyChange(Property.payloadFormat, from: integration.payloadFormatVersion, to: "2.0"))
            }
        }
        return change(exists: observed[self] != nil, differences)
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.integrationId) }
    }

    package func learned(_ observed: ObservedStack) -> LearnedID? { observed[self].map { LearnedID(id: $0.integrationId) } }

    /// Its own paths under the environment's API (whose id its create makes, so `*`).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] { [APIResource.partStatement(self, "integrations", arns)] }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let gateway = context.clients.apiGateway, logger = context.logger, functionARN = context.arns.liveAlias
        guard let apiID = await context.learned[.api]?.id else { throw EngineError.missingDependency(kind, needs: .api) }
        let input = CreateIntegrationInput(integrationType: .awsProxy, integrationUri: functionARN, integrationMethod: "POST", payloadFormatVersion: "2.0")
        if change == .create {
            // Integrations are not unique: what a lost create made targets this function's alias.
            let integration = try await CreateOnce.run {
                try await gateway.createIntegration(apiID, input, logger: logger)
            } find: {
                try await gateway.getIntegrations(apiID, logger: logger).first { $0.integrationUri == functionARN }
            }
            await context.learned.set(kind, LearnedID(id: integration.integrationId))
            try await context.recorder.record(kind, id: integration.integrationId, arn: nil)
        } else if let integrationID = await context.learned[kind]?.id {
            _ = try await gateway.updateIntegration(apiID, integrationId: integrationID, input, logger: logger)
        }
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let apiID = observed[APIResource()]?.api.apiId, let integration = observed[self] else { return }
        try await APIResource.deleting {
            try await context.clients.apiGateway.deleteIntegration(apiID, integrationId: integration.integrationId, logger: context.logger)
        }
    }

    /// An integration of the environment's API that no route targets.
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] { APIResource.orphans(of: kind, observed) }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await APIResource.deleting { try await context.clients.apiGateway.deleteIntegration(orphan.ownerID, integrationId: orphan.id, logger: context.logger) }
    }
}

extension ResourceKind {
    package static let integration = ResourceKind("integration")
}
