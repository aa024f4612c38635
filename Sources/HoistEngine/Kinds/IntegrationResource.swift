import AWSAPIGatewayV2

/// The API's Lambda proxy integration (payload 2.0) to the function.
package struct IntegrationResource: StackResource {
    package var kind: ResourceKind { .integration }
    package var dependencies: [ResourceKind] { [.function, .api] }
    /// An integration only names the function, which may still be Pending.
    package var needsOnlyExistence: Set<ResourceKind> { [.function] }
    package func name(_ spec: StackSpec) -> String { "AWS_PROXY" }

    /// Read with the API it belongs to (`APIResource`), which also picks the one the stack uses.
    package func observe(_ context: ObserveContext) async throws -> ObservedStack.Finding { { _ in } }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        var differences: [PropertyChange] = []
        if let integration = observed.integration {
            if integration.integrationUri != context.arns.function { differences.append(PropertyChange(.target)) }
            if integration.payloadFormatVersion != "2.0" {
                differences.append(PropertyChange(.payloadFormat, from: integration.payloadFormatVersion, to: "2.0"))
            }
        }
        return change(exists: observed.integration != nil, differences)
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { observed.integration != nil }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed.integration.map { StateFile.ResourceRecord(id: $0.integrationId) }
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let gateway = context.clients.apiGateway, logger = context.logger, functionARN = context.arns.function
        guard let apiID = await context.learned.apiID else { throw EngineError.missingDependency(kind, needs: .api) }
        let input = CreateIntegrationInput(integrationType: .awsProxy, integrationUri: functionARN, integrationMethod: "POST", payloadFormatVersion: "2.0")
        if change == .create {
            // Integrations are not unique: what a lost create made targets this function.
            let integration = try await CreateOnce.run {
                try await gateway.createIntegration(apiID, input, logger: logger)
            } find: {
                try await gateway.getIntegrations(apiID, logger: logger).first { $0.integrationUri == functionARN }
            }
            await context.learned.setIntegration(integration.integrationId)
            try await context.recorder.record(kind, id: integration.integrationId, arn: nil)
        } else if let integrationID = await context.learned.integrationID {
            _ = try await gateway.updateIntegration(apiID, integrationId: integrationID, input, logger: logger)
        }
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let apiID = observed.api?.apiId, let integration = observed.integration else { return }
        do {
            try await context.clients.apiGateway.deleteIntegration(apiID, integrationId: integration.integrationId, logger: context.logger)
        } catch APIGatewayV2Error.notFound {
            // Already gone: that is what destroy wants.
        }
    }
}
