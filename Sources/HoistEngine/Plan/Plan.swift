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

package struct PlannedChange: Sendable, Equatable {
    package var kind: ResourceKind
    package var name: String
    package var change: Change

    package init(kind: ResourceKind, name: String, change: Change) {
        self.kind = kind
        self.name = name
        self.change = change
    }
}

/// Every resource's change; printed by `hoist plan`, executed by the applier.
package struct Plan: Sendable, Equatable {
    package var changes: [PlannedChange]
    /// Whether the code must be uploaded (its `CodeSha256` differs from the function's).
    package var uploadCode: Bool
    /// What hoist made for this environment that the stack does not use; applying the plan removes it.
    package var orphans: [Orphan]

    package init(changes: [PlannedChange], uploadCode: Bool, orphans: [Orphan] = []) {
        self.changes = changes
        self.uploadCode = uploadCode
        self.orphans = orphans
    }

    package var isEmpty: Bool { !uploadCode && orphans.isEmpty && changes.allSatisfy { $0.change == .none } }

    package func change(for kind: ResourceKind) -> Change { changes.first { $0.kind == kind }?.change ?? .none }

    /// Whether applying the plan does anything to `kind`: a change, or for the function a code upload.
    package func needsWork(_ kind: ResourceKind) -> Bool { change(for: kind) != .none || (kind == .function && uploadCode) }

    /// One line per resource: `+ create`, `~ update (props)`, `± replace (props)`, `- delete`, `  ok`.
    package var text: String {
        var lines = changes.map { planned -> String in
            let label = "\(planned.kind.rawValue)".padding(toLength: 20, withPad: " ", startingAt: 0)
            return switch planned.change {
            case .create: "+ create  \(label)\(planned.name)"
            case .update(let properties): "~ update  \(label)\(planned.name) (\(properties.map(\.description).joined(separator: ", ")))"
            case .replace(let properties): "± replace \(label)\(planned.name) (\(properties.map(\.description).joined(separator: ", ")))"
            case .delete: "- delete  \(label)\(planned.name)"
            case .none: "  ok      \(label)\(planned.name)"
            }
        }
        if uploadCode, change(for: .function) != .create { lines.append("~ upload  code") }
        for orphan in orphans {
            let label = "\(orphan.kind.rawValue)".padding(toLength: 20, withPad: " ", startingAt: 0)
            lines.append("- delete  \(label)\(orphan.name) (orphan \(orphan.id), not used by the stack)")
        }
        return lines.joined(separator: "\n")
    }
}
