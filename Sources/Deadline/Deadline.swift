/// Runs `body` unless `limit` passes first on `clock`, then cancels it and returns `nil`. For the programs
/// hoist waits on that may never end by themselves: a `credential_process` waiting on a prompt nobody sees, a
/// `swift build` stuck on a lock. Subprocess ends a child whose task is cancelled.
package func withDeadline<T: Sendable, C: Clock>(
    _ limit: C.Duration, clock: C, _ body: @escaping @Sendable () async throws -> T
) async throws -> T? where C.Duration == Duration {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await clock.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}
