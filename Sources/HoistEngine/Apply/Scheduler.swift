/// Runs one step per resource over the dependency graph, each the moment what it depends on allows, the
/// independent ones at once. Deploy walks the graph forwards; destroy walks it reversed (a resource goes once
/// everything that depends on it is gone). It knows nothing of any kind of resource and reads no clock: what
/// starts when is decided by `Schedule`, and this carries it out in a task group.
package struct Scheduler<Key: Hashable & Sendable>: Sendable {
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
    package var direction: Schedule<Key>.Direction
    package var stop: StopRequest

    package init(
        order: [Key], dependencies: @escaping @Sendable (Key) -> [Key], needsOnlyExistence: @escaping @Sendable (Key) -> Set<Key> = { _ in [] },
        direction: Schedule<Key>.Direction, stop: StopRequest
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
        var schedule = Schedule(order: order, work: work, dependencies: dependencies, needsOnlyExistence: needsOnlyExistence, direction: direction)
        var failure: (any Error)?
        await withTaskGroup(of: Report.self) { group in
            func startReady() {
                if stop.isRequested { schedule.halt() }
                for key in schedule.start() {
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
                    schedule.finish(key)
                case .exists(let key, let rest):
                    schedule.exists(key)
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
                    schedule.halt()
                }
                startReady()
            }
        }
        if let failure { throw Failure(cause: failure, finished: schedule.finished.intersection(work)) }
        return schedule.notStarted
    }

    /// What a task of the run tells it.
    private enum Report: Sendable {
        case finished(Key)
        case exists(Key, rest: @Sendable () async throws -> Void)
        case failed(any Error)
    }
}
