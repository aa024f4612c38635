/// Holds the state file while a deploy or destroy runs and writes it after every change, so a crash or
/// Ctrl-C loses nothing that was made.
package actor StateRecorder {
    private let store: any StateBackend
    package private(set) var state: StateFile

    package init(store: any StateBackend, state: StateFile) {
        self.store = store
        self.state = state
    }

    package func record(_ kind: ResourceKind, id: String, arn: String?, attributes: [String: String]? = nil) async throws {
        try await change { $0.resources[kind.rawValue] = StateFile.ResourceRecord(id: id, arn: arn, attributes: attributes) }
    }

    package func forget(_ kind: ResourceKind) async throws {
        try await change { $0.resources[kind.rawValue] = nil }
    }

    package func recordCode(_ codeSha256: String) async throws {
        try await change { $0.codeSha256 = codeSha256 }
    }

    /// The write under way: the next starts only when it ends, so writes reach the store in order, one at a
    /// time, even while steps finishing at once record themselves (a store that writes over the version it
    /// last wrote, as S3 state does, would refuse a second write sent beside the first).
    private var writing: Task<Void, any Error>?

    /// Saves only what differs: a run that changes nothing leaves the file (and its backup) as they were.
    private func change(_ edit: (inout StateFile) -> Void) async throws {
        var edited = state
        edit(&edited)
        guard edited != state else { return }
        state = edited
        let (store, snapshot, previous) = (store, state, writing)
        let write = Task {
            try await previous?.value
            try await store.save(snapshot)
        }
        writing = write
        try await write.value
    }
}
