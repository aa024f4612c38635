import AWSACM
import AWSRoute53

/// The CNAME that proves to ACM the name is the requester's, in the hosted zone that holds the domain. ACM
/// asks for the same record on every request for a name, so an UPSERT serves a certificate requested again.
/// It also finds the zone, which the domain's own records use too.
package struct ValidationRecordResource: StackResource {
    /// The zone, the name servers it is served by, the record ACM asks for (once the certificate says) and
    /// the record set of that name found in the zone.
    package struct Observation: Sendable {
        package var zone: HostedZone
        package var nameServers: [String]
        package var wanted: ValidationRecord?
        package var found: RecordSet?
    }

    package init() {}

    package var kind: ResourceKind { .validationRecord }
    package var dependencies: [ResourceKind] { [.certificate] }
    /// The record is made while the certificate waits for it: that wait is what it ends.
    package var needsOnlyExistence: Set<ResourceKind> { [.certificate] }
    package func name(_ spec: StackSpec) -> String { "CNAME for \(spec.config.api.domain?.name ?? "the domain")" }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.api.domain != nil }

    /// A domain no public zone of the account holds stops the run here, before anything is written.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope == .stack, let domain = context.spec.config.api.domain else { return nil }
        let route53 = context.clients.route53, logger = context.logger
        let zone = try Self.zone(for: domain, in: try await route53.hostedZones(logger: logger))
        async let servers = route53.nameServers(zone.id, logger: logger)
        let wanted = try await context.observation(of: CertificateResource())?.validationRecord
        var found: RecordSet?
        if let wanted { found = try await route53.recordSets(zone.id, named: wanted.name, logger: logger).first { $0.type == "CNAME" } }
        return Observation(zone: zone, nameServers: try await servers, wanted: wanted, found: found)
    }

    /// hoist.yml's `hosted_zone`, else the longest public zone whose name ends the domain.
    static func zone(for domain: HoistConfig.DomainConfig, in zones: [HostedZone]) throws -> HostedZone {
        let public_ = zones.filter { !$0.isPrivate }
        let covering = public_.filter { domain.name == $0.name || domain.name.hasSuffix("." + $0.name) }
        let chosen = domain.hostedZone.map { name in covering.first { $0.name == name } } ?? covering.max { $0.name.count < $1.name.count }
        guard let chosen else { throw EngineError.noHostedZone(domain: domain.name, asked: domain.hostedZone, found: public_.map(\.name).sorted()) }
        return chosen
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { observed[self]?.found != nil }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        guard let found = observed[self], let wanted = found.wanted, let record = found.found else { return .create }
        return record.values.map(RecordSet.canonical) == [RecordSet.canonical(wanted.value)] ? .none : .create
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self]?.found.map { StateFile.ResourceRecord(id: $0.name) }
    }

    /// ACM makes the record up a few seconds after the request: it is read until the certificate names it.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        guard let zone = context.observed[self]?.zone, let arn = await context.learned[.certificate]?.id else {
            throw EngineError.missingDependency(kind, needs: .certificate)
        }
        let acm = context.clients.acm, logger = context.logger
        let wanted = try await context.waiter.wait(for: "ACM to name the validation record of \(arn)", every: .seconds(1), waiting: context.reporting(self)) {
            try await acm.describeCertificate(arn, logger: logger)?.validationRecord
        }
        let record = RecordSet(name: wanted.name, type: wanted.type, ttl: 300, values: [wanted.value])
        try await context.clients.route53.change(zone.id, [RecordChange(.upsert, record)], comment: "hoist: ACM validation of \(arn)", logger: logger)
        try await context.recorder.record(kind, id: RecordSet.canonical(wanted.name), arn: nil)
        return .usable
    }

    /// Deleted as found: Route 53 deletes a record set only when given exactly.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let found = observed[self], let record = found.found else { return }
        try await ignoringAbsence({ if case Route53Error.invalidChangeBatch = $0 { true } else { false } }) {
            try await context.clients.route53.change(found.zone.id, [RecordChange(.delete, record)], comment: "hoist: destroy", logger: context.logger)
        }
    }

    /// Reading zones is account-wide; changing records is on the zones (their ids are not known beforehand).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        guard arns.spec.config.api.domain != nil else { return [] }
        return [
            statement(["route53:ListHostedZones"], on: ["*"]),
            PolicyStatement(
                sid: "HostedZoneRecords", actions: ["route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ChangeResourceRecordSets"],
                resources: ["arn:\(arns.partition):route53:::hostedzone/*"]),
        ]
    }
}

extension ResourceKind {
    package static let validationRecord = ResourceKind("validation-record")
}
