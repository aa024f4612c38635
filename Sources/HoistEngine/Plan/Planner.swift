/// Decides, without any I/O, what must change for the observed stack to match the spec: each kind of
/// resource says what it needs (`StackResource.change`).
package enum Planner {
    package static func plan(spec: StackSpec, observed: ObservedStack, codeSha256: String, resources: [any StackResource] = StackResources.standard) -> Plan {
        let context = PlanContext(spec: spec, arns: StackARNs(spec: spec, account: observed.account))
        let changes = resources.map { PlannedChange(kind: $0.kind, name: $0.name(spec), change: $0.change(observed, context)) }
        return Plan(changes: changes, uploadCode: FunctionResource.uploadNeeded(observed, codeSha256: codeSha256, context), orphans: observed.orphans)
    }

    /// Everything, dependents first (the creation order reversed), for `hoist destroy`.
    package static func destroyPlan(spec: StackSpec, observed: ObservedStack, resources: [any StackResource] = StackResources.standard) -> Plan {
        let changes = resources.reversed().map { PlannedChange(kind: $0.kind, name: $0.name(spec), change: $0.isPresent(observed) ? .delete : .none) }
        return Plan(changes: changes, uploadCode: false, orphans: observed.orphans)
    }
}
