import Clocks
import HoistEngine
import Synchronization
import Testing

/// The scheduler's order, without AWS: each step sleeps on a test clock for as long as it takes, and the tests
/// read when each one started on that clock.
@Suite struct SchedulerTests {
    /// How long a step takes: `exists` until it reports that it exists, then `rest` until it is usable (`nil`:
    /// it is usable at once).
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

    /// Records starts and finishes on the test clock.
    final class Log: Sendable {
        let clock: TestClock<Duration>
        let origin: TestClock<Duration>.Instant
        private let entries = Mutex<[String: Duration]>([:])
        init(clock: TestClock<Duration>) {
            self.clock = clock
            origin = clock.now
        }
        func note(_ event: String) { entries.withLock { $0[event] = origin.duration(to: clock.now) } }
        subscript(_ event: String) -> Duration? { entries.withLock { $0[event] } }
        var events: Set<String> { entries.withLock { Set($0.keys) } }
    }

    func scheduler(_ direction: Scheduler<String>.Direction, stop: StopRequest = StopRequest()) -> Scheduler<String> {
        Scheduler(
            order: direction == .forward ? Self.order : Self.order.reversed(), dependencies: { Self.dependencies[$0] ?? [] },
            needsOnlyExistence: { Self.onlyExistence[$0] ?? [] }, direction: direction, stop: stop)
    }

    /// Runs `work` with the given timings on a test clock until nothing sleeps any more.
    func run(
        _ scheduler: Scheduler<String>, _ work: Set<String>, _ timings: [String: Timing], failing: Set<String> = [],
        during: @escaping @Sendable (String, Log) -> Void = { _, _ in }
    ) async -> (log: Log, result: Result<[String], Scheduler<String>.Failure>) {
        let clock = TestClock()
        let log = Log(clock: clock)
        async let outcome = { () async -> Result<[String], Scheduler<String>.Failure> in
            do throws(Scheduler<String>.Failure) {
                return .success(
                    try await scheduler.run(work) { key in
                        log.note("\(key) started")
                        during(key, log)
                        let timing = timings[key] ?? Timing(exists: .seconds(1))
                        try await clock.sleep(for: timing.exists)
                        if failing.contains(key) { throw StepFailed(key: key) }
                        guard let rest = timing.rest else {
                            log.note("\(key) usable")
                            return .usable
                        }
                        log.note("\(key) exists")
                        return .exists {
                            try await clock.sleep(for: rest)
                            log.note("\(key) usable")
                        }
                    })
            } catch {
                return .failure(error)
            }
        }()
        // The timeout is wall time, for a loaded machine; the test's time is the clock's.
        await clock.run(timeout: .seconds(60))
        return (log, await outcome)
    }

    struct StepFailed: Error, Equatable {
        var key: String
    }

    static let stack: [String: Timing] = [
        "role": Timing(exists: .seconds(1), rest: .seconds(2)), "table": Timing(exists: .seconds(5)),
        "function": Timing(exists: .seconds(2), rest: .seconds(3)),
    ]

    @Test func startsEachStepTheMomentItsDependenciesAllow() async throws {
        let (log, result) = await run(scheduler(.forward), Set(Self.order), Self.stack)
        #expect(try result.get() == [])
        #expect(log["role started"] == .zero && log["table started"] == .zero && log["api started"] == .zero)
        // The function needs the role only to exist (after 1 s), not its permission policies (usable at 3 s).
        #expect(log["function started"] == .seconds(1))
        #expect(log["role usable"] == .seconds(3))
        // The integration needs the function only to exist (at 3 s), not Active (at 6 s); the route follows it.
        #expect(log["integration started"] == .seconds(3))
        #expect(log["route started"] == .seconds(4))
        // The permission needs the function usable.
        #expect(log["permission started"] == .seconds(6))
        #expect(log["table usable"] == .seconds(5))
    }

    @Test func stepsOutsideTheWorkCountAsDone() async throws {
        let (log, result) = await run(scheduler(.forward), ["integration", "route"], [:])
        #expect(try result.get() == [])
        #expect(log["integration started"] == .zero)
        #expect(log["route started"] == .seconds(1))
        #expect(log["role started"] == nil && log["function started"] == nil)
    }

    @Test func reversedEachGoesOnceWhatDependsOnItIsGone() async throws {
        let timings = ["route": Timing(exists: .seconds(2)), "function": Timing(exists: .seconds(3))]
        let (log, result) = await run(scheduler(.reverse), Set(Self.order), timings)
        #expect(try result.get() == [])
        // Nothing depends on the route, the permission or the table: they go at once.
        #expect(log["route started"] == .zero && log["permission started"] == .zero && log["table started"] == .zero)
        #expect(log["integration started"] == .seconds(2))
        // The function goes after the integration (gone at 3 s) and the permission; the role after the function.
        #expect(log["function started"] == .seconds(3))
        #expect(log["api started"] == .seconds(3))
        #expect(log["role started"] == .seconds(6))
    }

    @Test func aFailureLetsTheStepsUnderWayFinishAndStartsNoOther() async throws {
        let timings = Self.stack.merging(["table": Timing(exists: .seconds(2))]) { $1 }
        let (log, result) = await run(scheduler(.forward), Set(Self.order), timings, failing: ["table"])
        guard case .failure(let failure) = result else {
            Issue.record("the run did not fail")
            return
        }
        #expect(failure.cause as? StepFailed == StepFailed(key: "table"))
        // The role and the function were under way when the table failed at 2 s: both ran to their end.
        #expect(log["role usable"] == .seconds(3))
        #expect(log["function usable"] == .seconds(6))
        #expect(failure.finished == ["api", "role", "function"])
        // Nothing started after the failure: the integration would have at 3 s, once the function existed.
        #expect(log["integration started"] == nil && log["permission started"] == nil && log["route started"] == nil)
    }

    @Test func aStopLetsTheStepsUnderWayFinishAndReportsTheRest() async throws {
        let stop = StopRequest()
        let (log, result) = await run(scheduler(.forward, stop: stop), Set(Self.order), Self.stack) { key, _ in
            if key == "function" { stop.request() }
        }
        #expect(try result.get() == ["integration", "route", "permission"])
        #expect(log["function usable"] == .seconds(6))
        #expect(log["table usable"] == .seconds(5))
        #expect(log["integration started"] == nil)
    }
}
