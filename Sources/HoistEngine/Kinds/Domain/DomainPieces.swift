import AWSRoute53

/// Records a kind made of one name, in one hosted zone.
package struct ZoneRecords: Sendable {
    package var zoneID: String
    package var records: [RecordSet]
}

/// What the custom domain's kinds share: the domain they stand for, the zone their records were made in, and
/// their removal once hoist.yml no longer names one.
extension StackResource {
    /// hoist.yml's domain, else the one the state records (its domain name, or its certificate when a run
    /// stopped before the domain name was made): with `domain:` taken out of hoist.yml its pieces are still
    /// found (zone, records, certificate), so the next deploy removes them and destroy leaves none.
    func domain(_ context: ObserveContext) -> HoistConfig.DomainConfig? {
        if let domain = context.spec.config.api.domain { return domain }
        let recorded = [context.recorded(.domainName)?.id, context.recorded(.certificate)?.id].compactMap { $0 }.first { !$0.isEmpty }
        return recorded.map { HoistConfig.DomainConfig(name: $0) }
    }

    /// This kind's piece of a domain hoist.yml no longer names: an orphan the next deploy deletes, as destroy would.
    func domainOrphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard context.spec.config.api.domain == nil, isPresent(observed), let id = record(observed, context.arns)?.id else { return [] }
        return [Orphan(kind: kind, id: id, ownerID: id, name: id)]
    }

    /// The state attribute naming the hosted zone a kind's records were made in.
    static var zoneAttribute: String { "zone" }

    /// This kind's records of `name` (those `isOurs` accepts) in the zone the state says they were made in, when
    /// that is not `zoneID` any more (`hosted_zone` changed, or a longer zone now holds the name): what the next
    /// deploy deletes once the records are in the new zone. None when the old zone is gone.
    func formerZoneRecords(
        _ context: ObserveContext, zoneID: String, named name: String, where isOurs: (RecordSet) -> Bool
    ) async throws -> ZoneRecords? {
        guard let former = context.recorded(kind)?.attributes?[Self.zoneAttribute], former != zoneID else { return nil }
        do {
            let records = try await context.clients.route53.recordSets(former, named: name, logger: context.logger).filter(isOurs)
            return records.isEmpty ? nil : ZoneRecords(zoneID: former, records: records)
        } catch Route53Error.noSuchHostedZone {
            return nil
        }
    }

    /// Whether a record change failed only because the record it deletes is gone (Route 53 deletes a record set
    /// only as given).
    static func recordGone(_ error: any Error) -> Bool {
        if case Route53Error.invalidChangeBatch = error { true } else { false }
    }

    /// The orphan for records left in a former zone while hoist.yml still names the domain.
    func formerZoneOrphans(_ former: ZoneRecords?, _ context: PlanContext) -> [Orphan] {
        guard context.spec.config.api.domain != nil, let former, let name = former.records.first?.name else { return [] }
        return [Orphan(kind: kind, id: "\(former.zoneID) \(name)", ownerID: former.zoneID, name: "\(name) in the former zone \(former.zoneID)")]
    }

    /// Deletes records left in a former zone, then records the zone they are in now.
    func deleteFormerZoneRecords<C>(_ former: ZoneRecords, now zoneID: String, id: String, _ context: ApplyContext<C>) async throws {
        // The former zone itself may be gone by now, and its records with it.
        try await ignoringAbsence({ if case Route53Error.noSuchHostedZone = $0 { true } else { Self.recordGone($0) } }) {
            try await context.clients.route53.change(former.zoneID, former.records.map { RecordChange(.delete, $0) }, comment: "hoist: moved to \(zoneID)", logger: context.logger)
        }
        try await context.recorder.record(kind, id: id, arn: nil, attributes: [Self.zoneAttribute: zoneID])
    }
}
