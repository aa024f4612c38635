import AWSACM
import AWSAPIGatewayV2

/// The API Gateway custom domain name: REGIONAL, TLS 1.2, on the certificate, tagged as the environment's.
/// API Gateway answers its create with the regional name and hosted zone the alias records point at.
package struct DomainNameResource: StackResource {
    package typealias Observation = DomainName

    package init() {}

    /// What a plan changes of the domain name.
    package enum Property: ResourceProperty {
        /// The certificate it serves is not hoist's for the name: put back after an out-of-band change, or moved
        /// to the certificate requested again when the old one can no longer be (expired, revoked, failed).
        case certificate

        package var description: String { "certificate" }
    }

    package var kind: ResourceKind { .domainName }
    /// API Gateway refuses a certificate that is not ISSUED: the validation record's step ends when it is.
    package var dependencies: [ResourceKind] { [.certificate, .validationRecord] }
    package func name(_ spec: StackSpec) -> String { spec.config.api.domain?.name ?? "domain" }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.api.domain != nil }

    package func observe(_ context: ObserveContext) async throws -> DomainName? {
        guard context.scope == .stack, let name = context.recorded(kind)?.id ?? context.spec.config.api.domain?.name else { return nil }
        guard let found = try await context.clients.apiGateway.getDomainName(name, logger: context.logger) else { return nil }
        try ensureOwned(found.tags, id: name, context.spec)
        return found
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        guard let found = observed[self] else { return .create }
        let certificate = CertificateResource()
        let serving = found.domainNameConfigurations?.first?.certificateArn
        let wanted = certificate.change(observed, context) == .create ? nil : observed[certificate]?.certificateArn
        guard serving != wanted else { return .none }
        return .update([PropertyChange(Property.certificate, from: serving ?? "none", to: wanted ?? "the certificate requested again")])
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.domainName) }
    }

    /// The target the domain's alias records point at: its regional name (`id`) and hosted zone (`endpoint`).
    package func learned(_ observed: ObservedStack) -> LearnedID? { observed[self].flatMap(Self.target) }

    static func target(_ domain: DomainName) -> LearnedID? {
        guard let configuration = domain.domainNameConfigurations?.first, let name = configuration.apiGatewayDomainName else { return nil }
        return LearnedID(id: name, endpoint: configuration.hostedZoneId)
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        guard let name = context.spec.config.api.domain?.name, let certificate = await context.learned[.certificate]?.id else {
            throw EngineError.missingDependency(kind, needs: .certificate)
        }
        let gateway = context.clients.apiGateway, logger = context.logger
        if case .update = change {
            let updated = try await gateway.updateDomainName(name, certificateArn: certificate, logger: logger)
            if let target = Self.target(updated) { await context.learned.set(kind, target) }
            return .usable
        }
        let input = CreateDomainNameInput(domainName: name, certificateArn: certificate, tags: context.spec.tags)
        let made = try await CreateOnce.run {
            try await gateway.createDomainName(input, logger: logger)
        } find: {
            try await gateway.getDomainName(name, logger: logger)
        } alreadyExists: {
            if case APIGatewayV2Error.conflict = $0 { true } else { false }
        }
        if let target = Self.target(made) { await context.learned.set(kind, target) }
        try await context.recorder.record(kind, id: name, arn: nil)
        return .usable
    }

    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] { domainOrphans(observed, context) }
    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws { try await delete(context.observed, context) }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let found = observed[self] else { return }
        try await APIResource.deleting { try await context.clients.apiGateway.deleteDomainName(found.domainName, logger: context.logger) }
    }

    /// The domain's URL, listed before the execute-api one.
    package func outputs(_ context: OutputContext) -> [StackOutput]? {
        guard let name = context.spec.config.api.domain?.name else { return [] }
        guard context.observed[self] != nil || context.learned[kind] != nil else { return nil }
        return [StackOutput(key: "url", label: "url", value: "https://\(name)", rank: -1)]
    }

    /// API Gateway's verbs on this domain name and its mappings.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        guard let name = arns.spec.config.api.domain?.name else { return [] }
        let domain = "arn:\(arns.partition):apigateway:\(arns.spec.region)::/domainnames"
        return [statement(["apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"], on: [domain, "\(domain)/\(name)", "\(domain)/\(name)/*"])]
    }
}

extension ResourceKind {
    package static let domainName = ResourceKind("domain-name")
}
