import AWSACM
import AWSRoute53

/// The CNAME that proves to ACM the name is the requester's, in the hosted zone that holds the domain. ACM
/// asks for the same record on every request for a name, so an UPSERT serves a certificate requested again.
/// It also finds the zone, which the domain's own records use too.
package struct ValidationRecordResource: StackResource {
    /// The zone, the record ACM asks for (once the certificate says) and the record set of that name found in
    /// the zone.
    package struct Observation: Sendable {
        package var zone: HostedZone
        package var wanted: ValidationRecord?
        package var found: RecordSet?
        /// The CNAME as made in the zone the state names, when the domain is held by another zone now.
        package var former: ZoneRecords?
    }

    package init() {}

    /// What a plan changes of the record.
    package enum Property: ResourceProperty {
        /// The record is there and the certificate still waits for validation (a run stopped or killed while it
        /// waited): the deploy waits on, and the domain name starts only once the certificate is ISSUED.
        case validation

        package var description: String { "validation" }
    }

    package var kind: ResourceKind { .validationRecord }
    /// Its step ends when the certificate is ISSUED, so what needs an issued certificate depends on it; a step of
    /// its own that failed (a record Route 53 refused) ends the run instead of a wait for what cannot come.
    package var dependencies: [ResourceKind] { [.certificate] }
    package func name(_ spec: StackSpec) -> String { "CNAME for \(spec.config.api.domain?.name ?? "the domain")" }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.api.domain != nil }

    /// A domain no public zone of the account holds stops the run here, before anything is written; one
    /// hoist.yml no longer names has nothing left to find there.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope == .stack, let domain = domain(context) else { return nil }
        let route53 = context.clients.route53, logger = context.logger
        let zones = try await route53.hostedZones(logger: logger), recorded = context.recorded(kind)?.attributes?[Self.zoneAttribute]
        let zone: HostedZone
        if !isWanted(context.spec) {
            // Once hoist.yml names no domain, its records are where they were made.
            guard let found = zones.first(where: { $0.id == recorded }) ?? (try? Self.zone(for: domain, in: zones)) else { return nil }
            zone = found
        } else {
            zone = try Self.zone(for: domain, in: zones)
        }
        guard let wanted = try await context.observation(of: CertificateResource())?.validationRecord else { return Observation(zone: zone) }
        async let found = route53.recordSets(zone.id, named: wanted.name, logger: logger).first { $0.type == "CNAME" }
        async let former = formerZoneRecords(context, zoneID: zone.id, named: wanted.name) { $0.type == "CNAME" }
        return Observation(zone: zone, wanted: wanted, found: try await found, former: try await former)
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
        guard let found = observed[self], let wanted = found.wanted, let record = found.found,
            record.values.map(RecordSet.canonical) == [RecordSet.canonical(wanted.value)]
        else { return .create }
        let status = observed[CertificateResource()]?.status
        return status == "PENDING_VALIDATION" ? .update([PropertyChange(Property.validation, from: status, to: "ISSUED")]) : .none
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        guard let found = observed[self], let record = found.found else { return nil }
        return StateFile.ResourceRecord(id: record.name, attributes: [Self.zoneAttribute: found.zone.id])
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
        try await context.recorder.record(kind, id: RecordSet.canonical(wanted.name), arn: nil, attributes: [Self.zoneAttribute: zone.id])
        guard let domain = context.spec.config.api.domain else { return .usable }
        try await waitUntilIssued(arn, domain, zone: zone, context)
        return .usable
    }

    /// Until ACM has seen the record: minutes when the zone is the one the registrar delegates to, never when
    /// it lists other name servers, so the wait says which ones it must list (read here, where they are shown,
    /// rather than with every plan) and ends after `domain_wait`.
    private func waitUntilIssued<C>(_ arn: String, _ domain: HoistConfig.DomainConfig, zone: HostedZone, _ context: ApplyContext<C>) async throws {
        let acm = context.clients.acm, logger = context.logger
        let nameServers = try await context.clients.route53.nameServers(zone.id, logger: logger)
        let what = "DNS validation of \(domain.name) (the zone \(zone.name)'s name servers are \(nameServers.prefix(4).joined(separator: ", ")): its registrar must list them)"
        var waiter = context.waiter
        waiter.timeout = domain.wait
        do {
            _ = try await waiter.wait(for: what, every: .seconds(2), waiting: context.reporting(self)) { () async throws -> Bool? in
                let found = try await acm.describeCertificate(arn, logger: logger)
                switch found?.status {
                case "ISSUED": return true
                case "PENDING_VALIDATION": return nil
                default: throw EngineError.certificateFailed(domain: domain.name, status: found?.status ?? "gone", reason: found?.failureReason)
                }
            }
        } catch is Waiter<C>.TimedOut {
            throw EngineError.certificatePending(
                domain: domain.name, zone: zone.name, nameServers: nameServers, waited: domain.wait, environment: context.spec.environment)
        }
    }

    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        domainOrphans(observed, context) + formerZoneOrphans(observed[self]?.former, context)
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        guard let found = context.observed[self], let former = found.former, former.zoneID == orphan.ownerID, let wanted = found.wanted else {
            return try await delete(context.observed, context)
        }
        try await deleteFormerZoneRecords(former, now: found.zone.id, id: RecordSet.canonical(wanted.name), context)
    }

    /// Deleted as found: Route 53 deletes a record set only when given exactly.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let found = observed[self], let record = found.found else { return }
        try await ignoringAbsence(Self.recordGone) {
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
