/// What the custom domain's kinds share: the domain they stand for, and their removal once hoist.yml no longer
/// names one.
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
}
