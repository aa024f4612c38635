/// The scheduler's decisions as a value: which steps may start, given what exists, what is usable, and
/// whether the run was halted. No tasks, no I/O, no clock: `Scheduler.run` carries it out, and tests drive it
/// step by step on a clock of their own.
package struct Schedule<Key: Hashable & Sendable>: Sendable {
    /// Which way the edges point.
    package enum Direction: Sendable {
        /// A step starts once its dependencies are usable (or, for `needsOnlyExistence`, exist).
        case forward
        /// A step starts once every step that depends on it has finished.
        case reverse
    }

    private let order: [Key]
    private let work: Set<Key>
    private let direction: Direction
    private let dependencies: [Key: [Key]]
    private let needsOnlyExistence: [Key: Set<Key>]
    /// For each key, the keys of `work` that depend on it: what must be gone before it can go.
    private let dependents: [Key: [Key]]
    private var existing: Set<Key>
    package private(set) var finished: Set<Key>
    private var started: Set<Key> = []
    private var halted = false

    /// - Parameters:
    ///   - order: every key, in the order steps start when several are ready (the order the user reads).
    ///   - work: the keys that have a step; the others count as done already.
    package init(
        order: [Key], work: Set<Key>, dependencies: (Key) -> [Key], needsOnlyExistence: (Key) -> Set<Key> = { _ in [] }, direction: Direction
    ) {
        self.order = order
        self.work = work
        self.direction = direction
        self.dependencies = Dictionary(uniqueKeysWithValues: order.map { ($0, dependencies($0)) })
        self.needsOnlyExistence = Dictionary(uniqueKeysWithValues: order.map { ($0, needsOnlyExistence($0)) })
        var dependents: [Key: [Key]] = [:]
        for key in order where work.contains(key) {
            for dependency in dependencies(key) { dependents[dependency, default: []].append(key) }
        }
        self.dependents = dependents
        existing = Set(order).subtracting(work)
        finished = existing
    }

    /// The steps that may start now, in `order`, marked started; none once halted.
    package mutating func start() -> [Key] {
        guard !halted else { return [] }
        let ready = order.filter { work.contains($0) && !started.contains($0) && isReady($0) }
        started.formUnion(ready)
        return ready
    }

    /// The step's resource exists: what needs it only to exist may start.
    package mutating func exists(_ key: Key) { existing.insert(key) }

    /// The step is done: its resource is usable (or, in reverse, gone).
    package mutating func finish(_ key: Key) {
        existing.insert(key)
        finished.insert(key)
    }

    /// A failure or a stop: the steps under way go on, no other starts.
    package mutating func halt() { halted = true }

    /// The steps of the work never started, in `order`.
    package var notStarted: [Key] { order.filter { work.contains($0) && !started.contains($0) } }

    private func isReady(_ key: Key) -> Bool {
        switch direction {
        case .forward:
            let onlyExistence = needsOnlyExistence[key] ?? []
            return (dependencies[key] ?? []).allSatisfy { finished.contains($0) || (onlyExistence.contains($0) && existing.contains($0)) }
        case .reverse:
            return (dependents[key] ?? []).allSatisfy(finished.contains)
        }
    }
}
