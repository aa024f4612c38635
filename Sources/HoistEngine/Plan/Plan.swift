import Foundation

/// What one resource needs.
package enum Change: Sendable, Equatable {
    case create
    /// The properties that differ.
    case update([PropertyChange])
    /// Properties AWS cannot change in place: the resource is deleted and made again.
    case replace([PropertyChange])
    case delete
    case none

    package var isReplace: Bool {
        if case .replace = self { true } else { false }
    }
}

/// One instruction of a plan: what the scheduler runs, and what `hoist plan` prints.
package enum Instruction: Sendable, Equatable {
    /// The resource itself: made, changed, replaced, deleted, or left as it is (`.none`, printed `ok`).
    case change(Change)
    /// Its code goes up (the package's `CodeSha256` differs from what runs).
    case uploadCode
    /// Something hoist made for the environment that the stack does not use goes.
    case deleteOrphan(Orphan)
}

/// One step of a plan: which resource, how it is named, and what is done to it.
package struct PlannedStep: Sendable, Equatable {
    package var kind: ResourceKind
    package var name: String
    package var instruction: Instruction

    package init(kind: ResourceKind, name: String, instruction: Instruction) {
        self.kind = kind
        self.name = name
        self.instruction = instruction
    }
}

/// The program of a run: every resource's change, the code uploads and the orphans to remove, in the order
/// the user reads them. `hoist plan` prints it, and deploy, update-code and destroy run exactly it.
package struct Plan: Sendable, Equatable {
    package var steps: [PlannedStep]

    package init(steps: [PlannedStep]) { self.steps = steps }

    /// Nothing to do.
    package var isEmpty: Bool { steps.allSatisfy { $0.instruction == .change(.none) } }

    /// What the plan does to `kind` itself (`.none` when it lists no change of it).
    package func change(for kind: ResourceKind) -> Change {
        for step in steps where step.kind == kind { if case .change(let change) = step.instruction { return change } }
        return .none
    }

    /// Whether `kind`'s code goes up.
    package func uploadsCode(_ kind: ResourceKind) -> Bool { steps.contains { $0.kind == kind && $0.instruction == .uploadCode } }

    /// Whether any code goes up.
    package var uploadCode: Bool { steps.contains { $0.instruction == .uploadCode } }

    /// What hoist made for this environment that the stack does not use; running the plan removes it.
    package var orphans: [Orphan] {
        steps.compactMap { if case .deleteOrphan(let orphan) = $0.instruction { orphan } else { nil } }
    }

    /// The number of resources made, changed or deleted, orphans included (code uploads aside).
    package var changeCount: Int { steps.count { $0.instruction != .change(.none) && $0.instruction != .uploadCode } }

    /// Whether running the plan does anything to `kind` itself: a change or a code upload (orphans aside).
    package func needsWork(_ kind: ResourceKind) -> Bool { change(for: kind) != .none || uploadsCode(kind) }

    /// One line per step: `+ create`, `~ update (props)`, `± replace (props)`, `- delete`, `  ok`, `~ upload (code)`.
    package var text: String {
        steps.compactMap { step -> String? in
            let label = "\(step.kind.rawValue)".padding(toLength: 20, withPad: " ", startingAt: 0)
            return switch step.instruction {
            case .change(.create): "+ create  \(label)\(step.name)"
            case .change(.update(let properties)): "~ update  \(label)\(step.name) (\(properties.map(\.description).joined(separator: ", ")))"
            case .change(.replace(let properties)): "± replace \(label)\(step.name) (\(properties.map(\.description).joined(separator: ", ")))"
            case .change(.delete): "- delete  \(label)\(step.name)"
            case .change(.none): "  ok      \(label)\(step.name)"
            case .uploadCode: "~ upload  \(label)\(step.name) (code)"
            case .deleteOrphan(let orphan): "- delete  \(label)\(orphan.name) (orphan \(orphan.id), not used by the stack)"
            }
        }.joined(separator: "\n")
    }
}
