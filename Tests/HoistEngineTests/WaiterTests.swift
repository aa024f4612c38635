import HoistEngine
import HoistTestSupport
import Testing

/// The waiter on a test clock: no time passes for real.
@Suite("Waiter")
struct WaiterTests {
    @Test("polls at a steady interval, says once what it waits for, and returns as soon as the condition holds")
    func steady() async throws {
        let clock = TestClock()
        let checks = LockedBox(0)
        let said = LockedBox<[String]>([])
        let value = try await Waiter(clock: clock, timeout: .seconds(300), interval: .milliseconds(250)).wait(
            for: "table t to become ACTIVE", waiting: { what in said.mutate { $0.append(what) } }
        ) { () async throws -> String? in
            checks.mutate { $0 += 1 }
            return checks.value == 9 ? "ACTIVE" : nil
        }
        #expect(value == "ACTIVE")
        #expect(clock.sleeps == Array(repeating: .milliseconds(250), count: 8), "no backing off: each wait ends within 250 ms of the condition")
        #expect(said.value == ["table t to become ACTIVE"])
    }

    @Test("a condition that never holds ends with TimedOut at the deadline, naming what it waited for")
    func timeout() async throws {
        let clock = TestClock()
        await #expect {
            _ = try await Waiter(clock: clock, timeout: .seconds(5), interval: .milliseconds(250)).wait(for: "function f to be ready") { () async throws -> Bool? in nil }
        } throws: { error in
            "\(error)".contains("function f to be ready") && "\(error)".contains("timed out after 5")
        }
        #expect(clock.now.offset < .seconds(5) && clock.now.offset >= .milliseconds(4750))
    }

    @Test("a condition that holds at once neither sleeps nor reports a wait")
    func atOnce() async throws {
        let clock = TestClock()
        let said = LockedBox(0)
        _ = try await Waiter(clock: clock).wait(for: "x", waiting: { _ in said.mutate { $0 += 1 } }) { () async throws -> Bool? in true }
        #expect(clock.sleeps.isEmpty && said.value == 0)
    }

    @Test("the interval runs from the start of one check to the next: a slow check is not followed by a full pause too")
    func slowChecks() async throws {
        let clock = TestClock()
        let checks = LockedBox(0)
        _ = try await Waiter(clock: clock, interval: .milliseconds(250)).wait(for: "role to reach Lambda") { () async throws -> Bool? in
            checks.mutate { $0 += 1 }
            try await clock.sleep(for: .milliseconds(200))  // the check itself takes 200 ms
            return checks.value == 3 ? true : nil
        }
        #expect(clock.sleeps == [.milliseconds(200), .milliseconds(50), .milliseconds(200), .milliseconds(50), .milliseconds(200)])
    }
}
