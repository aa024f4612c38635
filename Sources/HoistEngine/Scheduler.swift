/// Runs one step per resource over the dependency graph, each the moment what it depends on allows, the
/// independent ones at once. Deploy walks the graph forwards; destroy walks it reversed (a resource goes once
/// everything that depends on it is gone). It knows nothing of any kind of resource, does no I/O and reads no
/// clock, so its order is tested on its own.
package struct Scheduler<Key: Hashable & Sendable>: Sendable {
    /// Which way the edges point.
    package enum Direction: Sendable {
        /// A step starts once its dependencies are usable (or, for `needsOnlyExistence`, exist).
        case forward
        /// A step starts once every step that depends on it has finished.
        case reverse
    }

    /// What a step reports when it returns.
    package enum Outcome: Sendable {
        /// Done: usable by everything that depends on it.
        case usable
        /// It exists; what needs it only to exist may start while `rest` runs (the role's permission
        /// policies, the function leaving Pending). It is usable when `rest` returns.
        case exists(rest: @Sendable () async throws -> Void)
    }

    /// A run that threw: the first failure, and what finished before the steps under way were let finish.
    package struct Failure: Error {
        package var cause: any Error
        package var finished: Set<Key>
    }

    /// Every key in the order steps are started when several are ready (the order the user reads).
    package var order: [Key]
    package var dependencies: @Sendable (Key) -> [Key]
    /// Of a key's dependencies, those it needs only to exist (forward only).
    package var needsOnlyExistence: @Sendable (Key) -> Set<Key>
    package var direction: Direction
    package var stop: StopRequest

    package init(
        order: [Key], dependencies: @escaping @Sendable (Key) -> [Key], needsOnlyExistence: @escaping @Sendable (Key) -> Set<Key> = { _ in [] },
        direction: Direction, stop: StopRequest
    ) {
        self.order = order
        self.dependencies = dependencies
        self.needsOnlyExistence = needsOnlyExistence
        self.direction = direction
        self.stop = stop
    }

    /// Runs `step` for each key of `work`; keys outside it count as done already.
    ///
    /// A stop requested lets the steps under way finish (and be recorded); none starts after it. A failure
    /// does the same before it is thrown as `Failure`: cancelling a call in flight would leave AWS with a
    /// change the state file never heard of.
    /// - Returns: the keys of `work` never started because a stop was requested, in `order`.
    package func run(_ work: Set<Key>, step: @escaping @Sendable (Key) async throws -> Outcome) async throws(Failure) -> [Key] {
        var existing = Set(order).subtracting(work)
        var finished = existing
        var started: Set<Key> = []
        var failure: (any Error)?
        let incoming = reversedEdges(work)
        func ready(_ key: Key) -> Bool {
            switch direction {
            case .forward:
                let onlyExistence = needsOnlyExistence(key)
                return dependencies(key).allSatisfy { finished.contains($0) || (onlyExistence.contains($0) && existing.contains($0)) }
            case .reverse:
                return incoming[key, default: []].allSatisfy(finished.contains)
            }
        }
        await withTaskGroup(of: Report.self) { group in
            func startReady() {
                guard failure == nil, !stop.isRequested else { return }
                for key in order where work.contains(key) && !started.contains(key) && ready(key) {
                    started.insert(key)
                    group.addTask {
                        do {
                            try Task.checkCancellation()
                            return switch try await step(key) {
                            case .usable: .finished(key)
                            case .exists(let rest): .exists(key, rest: rest)
                            }
                        } catch {
                            return .failed(error)
                        }
                    }
                }
            }
            startReady()
            while let report = await group.next() {
                switch report {
                case .finished(let key):
                    existing.insert(key)
                    finished.insert(key)
                case .exists(let key, let rest):
                    existing.insert(key)
                    group.addTask {
                        do {
                            try await rest()
                            return .finished(key)
                        } catch {
                            return .failed(error)
                        }
                    }
                case .failed(let error):
                    if failure == nil { failure = error }
                }
                startReady()
            }
        }
        if let failure { throw Failure(cause: failure, finished: finished.intersection(work)) }
        return order.filter { work.contains($0) && !started.contains($0) }
    }

    /// What a task of the run tells it.
    private enum Report: Sendable {
        case finished(Key)
        case exists(Key, rest: @Sendable () async throws -> Void)
        case failed(any Error)
    }

    /// For each key, the keys of `work` that depend on it: what must be gone before it can go.
    private func reversedEdges(_ work: Set<Key>) -> [Key: [Key]] {
        var incoming: [Key: [Key]] = [:]
        for key in order where work.contains(key) {
            for dependency in dependencies(key) { incoming[dependency, default: []].append(key) }
        }
        return incoming
    }
}
