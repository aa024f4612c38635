import HoistEngine
import Synchronization
import Testing

/// The scheduler's order without AWS. `Schedule` (its decisions) is driven on a simulated clock: each step takes
/// a set time, and the tests read when each one started. `Scheduler.run` (the task group carrying them out) is
/// driven with gates the test opens, so nothing depends on how fast the machine is.
@Suite struct SchedulerTests {
    /// How long a step takes: `exists` until it reports that it exists, then `rest` until it is usable (`nil`:
    /// usable at once).
    struct Timing {
        var exists: Duration
        var rest: Duration?
    }

    /// The stack's shape: the role and the function report existence before they are usable, and what needs
    /// them only to exist (the function, the integration) does not wait for the rest.
    static let dependencies: [String: [String]] = [
        "role": [], "table": [], "api": [], "function": ["role"], "integration": ["function", "api"], "route": ["integration"],
        "permission": ["function", "api"],
    ]
    static let onlyExistence: [String: Set<String>] = ["function": ["role"], "integration": ["function"]]
    static let order = ["role", "table", "api", "function", "integration", "route", "permission"]
    static let stack: [String: Timing] = [
        "role": Timing(exists: .seconds(1), rest: .seconds(2)), "table": Timing(exists: .seconds(5)),
        "function": Timing(exists: .seconds(2), rest: .seconds(3)),
    ]

    /// What a simulated run did, on its clock.
    struct Simulated {
        var started: [String: Duration] = [:]
        var usable: [String: Duration] = [:]
        var notStarted: [String] = []
        var finished: Set<String> = []
    }

    /// Runs a schedule to its end on a simulated clock: steps under way finish in time order, and each finish
    /// (or existence) is told to the schedule before asking it what may start. A step in `failing` fails at its
    /// `exists` time; `stopAt` halts the schedule at that time, as a stop request does.
    static func simulate(
        _ direction: Schedule<String>.Direction, work: Set<String> = Set(order), _ timings: [String: Timing] = stack, failing: Set<String> = [],
        stopAt: Duration? = nil
    ) -> Simulated {
        var schedule = Schedule(
            order: direction == .forward ? order : order.reversed(), work: work, dependencies: { dependencies[$0] ?? [] },
            needsOnlyExistence: { onlyExistence[$0] ?? [] }, direction: direction)
        enum Event { case exists, usable, failed }
        var now = Duration.zero
        var pending: [(at: Duration, sequence: Int, key: String, event: Event)] = []
        var sequence = 0
        var result = Simulated()
        func queue(_ key: String, _ event: Event, after: Duration) {
            pending.append((now + after, sequence, key, event))
            sequence += 1
        }
        func startReady() {
            if let stopAt, now >= stopAt { schedule.halt() }
            for key in schedule.start() {
                result.started[key] = now
                let timing = timings[key] ?? Timing(exists: .seconds(1))
                queue(key, failing.contains(key) ? .failed : timing.rest == nil ? .usable : .exists, after: timing.exists)
            }
        }
        startReady()
        while let next = pending.min(by: { ($0.at, $0.sequence) < ($1.at, $1.sequence) }) {
            pending.removeAll { $0.sequence == next.sequence }
            now = next.at
            switch next.event {
            case .exists:
                schedule.exists(next.key)
                queue(next.key, .usable, after: timings[next.key]?.rest ?? .zero)
            case .usable:
                schedule.finish(next.key)
                result.usable[next.key] = now
            case .failed:
                schedule.halt()
            }
            startReady()
        }
        result.notStarted = schedule.notStarted
        result.finished = schedule.finished.intersection(work)
        return result
    }

    @Test func startsEachStepTheMomentItsDependenciesAllow() {
        let run = Self.simulate(.forward)
        #expect(run.notStarted == [])
        #expect(run.started["role"] == .zero && run.started["table"] == .zero && run.started["api"] == .zero)
        // The function needs the role only to exist (after 1 s), not its permission policies (usable at 3 s).
        #expect(run.started["function"] == .seconds(1))
        #expect(run.usable["role"] == .seconds(3))
        // The integration needs the function only to exist (at 3 s), not Active (at 6 s); the route follows it.
        #expect(run.started["integration"] == .seconds(3))
        #expect(run.started["route"] == .seconds(4))
        // The permission needs the function usable.
        #expect(run.started["permission"] == .seconds(6))
    }

    @Test func stepsOutsideTheWorkCountAsDone() {
        let run = Self.simulate(.forward, work: ["integration", "route"], [:])
        #expect(run.started == ["integration": .zero, "route": .seconds(1)])
    }

    @Test func reversedEachGoesOnceWhatDependsOnItIsGone() {
        let run = Self.simulate(.reverse, ["route": Timing(exists: .seconds(2)), "function": Timing(exists: .seconds(3))])
        // Nothing depends on the route, the permission or the table: they go at once.
        #expect(run.started["route"] == .zero && run.started["permission"] == .zero && run.started["table"] == .zero)
        #expect(run.started["integration"] == .seconds(2))
        // The function goes after the integration (gone at 3 s) and the permission; the role after the function.
        #expect(run.started["function"] == .seconds(3) && run.started["api"] == .seconds(3))
        #expect(run.started["role"] == .seconds(6))
    }

    @Test func aFailureStartsNoOtherStep() {
        let run = Self.simulate(.forward, Self.stack.merging(["table": Timing(exists: .seconds(2))]) { $1 }, failing: ["table"])
        // The role and the function were under way when the table failed at 2 s: both ran to their end.
        #expect(run.usable["role"] == .seconds(3) && run.usable["function"] == .seconds(6))
        #expect(run.finished == ["api", "role", "function"])
        // The integration would have started at 3 s, once the function existed.
        #expect(run.notStarted == ["integration", "route", "permission"])
    }

    @Test func aStopStartsNoOtherStep() {
        let run = Self.simulate(.forward, stopAt: .seconds(1))
        #expect(run.notStarted == ["function", "integration", "route", "permission"])
        #expect(run.usable["table"] == .seconds(5) && run.usable["role"] == .seconds(3))
    }

    // MARK: the task group

    /// A gate one step waits at until the test opens it. Waiting ends too when the task is cancelled, so a
    /// scheduler that never opens it fails the test instead of hanging it.
    struct Gate: Sendable {
        private let opened: AsyncStream<Never>
        private let opener: AsyncStream<Never>.Continuation
        init() { (opened, opener) = AsyncStream<Never>.makeStream() }
        func open() { opener.finish() }
        func wait() async { for await _ in opened {} }

        /// Waits at most `limit` (wall time, for a machine so loaded that an open gate takes long to reach).
        func wait(atMost limit: Duration) async {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await wait() }
                group.addTask { try? await Task.sleep(for: limit) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    struct StepFailed: Error, Equatable {}

    func scheduler(_ dependencies: [String: [String]], onlyExistence: [String: Set<String>] = [:], stop: StopRequest = StopRequest()) -> Scheduler<String> {
        Scheduler(
            order: dependencies.keys.sorted(), dependencies: { dependencies[$0] ?? [] }, needsOnlyExistence: { onlyExistence[$0] ?? [] }, direction: .forward,
            stop: stop)
    }

    @Test func whatNeedsOnlyExistenceStartsWhileTheRestRuns() async throws {
        let rest = Gate()
        let log = Mutex<[String]>([])
        let notStarted = try await scheduler(["role": [], "function": ["role"]], onlyExistence: ["function": ["role"]]).run(["role", "function"]) { key in
            log.withLock { $0.append("\(key) started") }
            guard key == "role" else {
                rest.open()
                return .usable
            }
            // The rest waits for the function to start, which needs only the role to exist.
            return .exists {
                await rest.wait(atMost: .seconds(60))
                log.withLock { $0.append("role usable") }
            }
        }
        #expect(notStarted == [])
        #expect(log.withLock { $0 } == ["role started", "function started", "role usable"])
    }

    @Test func aFailureLetsTheStepsUnderWayFinishBeforeItIsThrown() async {
        let failed = Gate()
        let slowDone = Mutex(false)
        do throws(Scheduler<String>.Failure) {
            _ = try await scheduler(["bad": [], "slow": []]).run(["bad", "slow"]) { key in
                if key == "bad" {
                    failed.open()
                    throw StepFailed()
                }
                await failed.wait()
                slowDone.withLock { $0 = true }
                return .usable
            }
            Issue.record("the run did not fail")
        } catch {
            #expect(error.cause as? StepFailed == StepFailed())
            #expect(slowDone.withLock { $0 }, "the run returned before the step under way finished")
            #expect(error.finished == ["slow"])
        }
    }

    @Test func aStopLetsTheStepsUnderWayFinishAndReportsTheRest() async throws {
        let stop = StopRequest()
        let stopped = Gate()
        let slowDone = Mutex(false)
        let notStarted = try await scheduler(["first": [], "slow": [], "next": ["first"]], stop: stop).run(["first", "slow", "next"]) { key in
            switch key {
            case "first":
                stop.request()
                stopped.open()
            case "slow":
                await stopped.wait()
                slowDone.withLock { $0 = true }
            default:
                Issue.record("\(key) started after the stop")
            }
            return .usable
        }
        #expect(notStarted == ["next"])
        #expect(slowDone.withLock { $0 })
    }
}
