/// Holds the state file while a deploy or destroy runs and writes it after every change, so a crash or
/// Ctrl-C loses nothing that was made.
package actor StateRecorder {
    private let store: StateStore
    package private(set) var state: StateFile

    package init(store: StateStore, state: StateFile) {
        self.store = store
        self.state = state
    }

    package func record(_ kind: ResourceKind, id: String, arn: String?) throws {
        state.resources[kind.rawValue] = StateFile.ResourceRecord(id: id, arn: arn)
        try store.save(state)
    }

    package func forget(_ kind: ResourceKind) throws {
        state.resources[kind.rawValue] = nil
        try store.save(state)
    }

    package func recordCode(_ codeSha256: String) throws {
        state.codeSha256 = codeSha256
        try store.save(state)
    }
}
