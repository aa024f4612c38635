/// Where an environment's state is kept and how two runs of it are kept apart: a file beside the project
/// (`StateStore`, the default) or an object in S3 that a team shares (`S3StateStore`). The engine knows only this.
package protocol StateBackend: Sendable {
    /// How messages name it: a path, or `s3://bucket/key`.
    var location: String { get }
    /// The state, `nil` when none was written yet.
    func load() async throws -> StateFile?
    /// Writes the whole state; never a partial one, never over a newer one.
    func save(_ state: StateFile) async throws
    /// Removes the state once everything it listed is gone.
    func remove() async throws
    /// Runs `body` holding the environment's lock; `force` takes it from a holder that hangs or died.
    func withLock<T>(force: Bool, _ body: () async throws -> T) async throws -> T
    /// What the deploying identity needs to read, write and lock the state (nothing for a local file).
    func permissions(partition: String) -> [PolicyStatement]
}

extension StateBackend {
    package func permissions(partition: String) -> [PolicyStatement] { [] }

    /// Refuses a state that belongs to another account or region: acting on it would touch the wrong resources.
    package func check(_ state: StateFile, account: String, region: String) throws(StateStore.StateError) {
        guard state.account == account, state.region == region else {
            throw .otherTarget(path: location, account: state.account, region: state.region, expectedAccount: account, expectedRegion: region)
        }
    }
}
