/// Holds the state file while a deploy or destroy runs and writes it after every change, so a crash or
/// Ctrl-C loses nothing that was made.
package actor StateRecorder {
    private let store: any StateBackend
    package private(set) var state: StateFile

    package init(store: any StateBackend, state: StateFile) {
        self.store = store
        self.state = state
    }

    package func record(_ kind: ResourceKind, id: String, arn: String?) async throws {
        try await change { $0.resources[kind.rawValue] = StateFile.ResourceRecord(id: id, arn: arn) }
    }

    package func forget(_ kind: ResourceKind) async throws {
        try await change { $0.resources[kind.rawValue] = nil }
    }

    package func recordCode(_ codeSha256: String) async throws {
        try await change { $0.codeSha256 = codeSha256 }
    }

    /// Saves only what differs: a run that changes nothing leaves the file (and its backup) as they were.
    private func change(_ edit: (inout StateFile) -> Void) async throws {
        var edited = state
        edit(&edited)
        guard edited != state else { return }
        state = edited
        try await store.save(state)
    }
}
