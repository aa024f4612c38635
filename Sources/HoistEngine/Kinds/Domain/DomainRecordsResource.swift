import AWSAPIGatewayV2
import AWSRoute53

/// The domain's own records: alias A and AAAA to the custom domain's regional target, in the zone the
/// validation record found. A record of that name hoist did not make (anything but an alias to this domain's
/// target) stops the run, named: never overwritten, never skipped.
package struct DomainRecordsResource: StackResource {
    /// The zone and the record sets of the domain's name in it.
    package struct Observation: Sendable {
        package var zoneID: String
        package var records: [RecordSet]
        /// The records as made in the zone the state names, when the domain is held by another zone now.
        package var former: ZoneRecords?
    }

    package init() {}

    package var kind: ResourceKind { .domainRecords }
    package var dependencies: [ResourceKind] { [.domainName, .validationRecord] }
    package func name(_ spec: StackSpec) -> String { "A, AAAA \(spec.config.api.domain?.name ?? "domain")" }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.api.domain != nil }

    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope == .stack, let domain = domain(context)?.name,
            let zone = try await context.observation(of: ValidationRecordResource())?.zone
        else { return nil }
        // Only what the alias records would clash with: a zone's apex also holds its NS and SOA, and a name may
        // hold MX or TXT records beside an alias.
        let records = try await context.clients.route53.recordSets(zone.id, named: domain, logger: context.logger).filter { Self.clashing.contains($0.type) }
        let target = try await context.observation(of: DomainNameResource()).flatMap(DomainNameResource.target)
        // A record of that name hoist did not make stops a deploy that would overwrite it; once hoist.yml names
        // no domain, it is only not hoist's to delete.
        if isWanted(context.spec) {
            for record in records where !Self.isOurs(record, target: target) {
                throw EngineError.foreignRecord(name: domain, type: record.type, value: record.alias?.dnsName ?? record.values.joined(separator: " "), zone: zone.name)
            }
        }
        let former = try await formerZoneRecords(context, zoneID: zone.id, named: domain) { Self.isOurs($0, target: target) }
        return Observation(zoneID: zone.id, records: records.filter { Self.isOurs($0, target: target) }, former: former)
    }

    /// The types an alias A and AAAA cannot share a name with.
    static let clashing: Set<String> = ["A", "AAAA", "CNAME"]

    /// An alias A or AAAA to this domain's target; with no target yet, nothing of that name is hoist's.
    static func isOurs(_ record: RecordSet, target: LearnedID?) -> Bool {
        guard let target, let alias = record.alias, ["A", "AAAA"].contains(record.type) else { return false }
        return alias.dnsName == RecordSet.canonical(target.id)
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { !(observed[self]?.records ?? []).isEmpty }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        change(exists: Set(observed[self]?.records.map(\.type) ?? []) == ["A", "AAAA"], [])
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        guard let found = observed[self], let name = arns.spec.config.api.domain?.name ?? found.records.first?.name, isPresent(observed) else { return nil }
        return StateFile.ResourceRecord(id: name, attributes: [Self.zoneAttribute: found.zoneID])
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        guard let domain = context.spec.config.api.domain?.name, let zone = context.observed[ValidationRecordResource()]?.zone,
            let target = await context.learned[.domainName], let hostedZone = target.endpoint
        else { throw EngineError.missingDependency(kind, needs: .domainName) }
        let alias = RecordSet.AliasTarget(hostedZoneID: hostedZone, dnsName: target.id)
        let changes = ["A", "AAAA"].map { RecordChange(.upsert, RecordSet(name: domain, type: $0, alias: alias)) }
        try await context.clients.route53.change(zone.id, changes, comment: "hoist: \(context.spec.functionName)", logger: context.logger)
        try await context.recorder.record(kind, id: domain, arn: nil, attributes: [Self.zoneAttribute: zone.id])
        return .usable
    }

    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        domainOrphans(observed, context) + formerZoneOrphans(observed[self]?.former, context)
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        guard let found = context.observed[self], let former = found.former, former.zoneID == orphan.ownerID, let domain = context.spec.config.api.domain?.name else {
            return try await delete(context.observed, context)
        }
        try await deleteFormerZoneRecords(former, now: found.zoneID, id: domain, context)
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let found = observed[self], !found.records.isEmpty else { return }
        try await ignoringAbsence(Self.recordGone) {
            try await context.clients.route53.change(found.zoneID, found.records.map { RecordChange(.delete, $0) }, comment: "hoist: destroy", logger: context.logger)
        }
    }
}

extension ResourceKind {
    package static let domainRecords = ResourceKind("domain-records")
}
