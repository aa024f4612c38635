/// Decides, without any I/O, what must change for the observed stack to match the spec: each kind of
/// resource says what it needs (`StackResource.change`), whether its code goes up and what of it is orphaned.
package enum Planner {
    /// Each kind's change in registry order, each code upload after its kind's change, then the orphans.
    package static func plan(spec: StackSpec, observed: ObservedStack, codeSha256: String, resources: [any StackResource] = StackResources.standard) -> Plan {
        let context = PlanContext(spec: spec, arns: StackARNs(spec: spec, account: observed.account))
        var steps: [PlannedStep] = []
        for resource in resources where resource.isWanted(spec) {
            let change = resource.change(observed, context)
            steps.append(PlannedStep(kind: resource.kind, name: resource.name(spec), instruction: .change(change)))
            // A create carries the code; a delete needs none.
            if change != .create, change != .delete, resource.codeChanged(observed, codeSha256: codeSha256, context) {
                steps.append(PlannedStep(kind: resource.kind, name: resource.name(spec), instruction: .uploadCode))
            }
        }
        return Plan(steps: steps + orphanSteps(context, observed, resources))
    }

    /// Only the code uploads, for `update-code`: what runs the code and was observed with scope `.code`.
    package static func codePlan(spec: StackSpec, observed: ObservedStack, codeSha256: String, resources: [any StackResource] = StackResources.standard) -> Plan {
        let context = PlanContext(spec: spec, arns: StackARNs(spec: spec, account: observed.account))
        return Plan(
            steps: resources.filter { $0.carriesCode && $0.codeChanged(observed, codeSha256: codeSha256, context) }.map {
                PlannedStep(kind: $0.kind, name: $0.name(spec), instruction: .uploadCode)
            })
    }

    /// Everything, dependents first (the creation order reversed), for `hoist destroy`, after the orphans; a
    /// kind hoist.yml does not ask for only when it is there and not already an orphan (a user pool after `auth`
    /// was removed is deleted once, as its orphan).
    package static func destroyPlan(spec: StackSpec, observed: ObservedStack, resources: [any StackResource] = StackResources.standard) -> Plan {
        let context = PlanContext(spec: spec, arns: StackARNs(spec: spec, account: observed.account))
        let orphans = orphanSteps(context, observed, resources)
        let orphaned = Set(orphans.map(\.kind))
        let changes = resources.reversed().filter { $0.isWanted(spec) || ($0.isPresent(observed) && !orphaned.contains($0.kind)) }.map {
            PlannedStep(kind: $0.kind, name: $0.name(spec), instruction: .change($0.isPresent(observed) ? .delete : .none))
        }
        return Plan(steps: orphans + changes)
    }

    /// Every kind's orphans, dependents' first.
    private static func orphanSteps(_ context: PlanContext, _ observed: ObservedStack, _ resources: [any StackResource]) -> [PlannedStep] {
        resources.reversed().flatMap { resource in
            resource.orphans(observed, context).map { PlannedStep(kind: resource.kind, name: resource.name(context.spec), instruction: .deleteOrphan($0)) }
        }
    }
}
