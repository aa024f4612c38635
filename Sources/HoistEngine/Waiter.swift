/// Polls a condition until it holds, with capped exponential backoff and a deadline: the only code in the
/// engine that sleeps, and it takes the clock so tests need not.
package struct Waiter<C: Clock<Duration>>: Sendable {
    package let clock: C
    package var timeout: Duration = .seconds(300)
    package var initialDelay: Duration = .milliseconds(250)
    package var maxDelay: Duration = .seconds(5)

    package init(clock: C, timeout: Duration = .seconds(300)) {
        self.clock = clock
        self.timeout = timeout
    }

    package struct TimedOut: Error, CustomStringConvertible {
        package var what: String
        package var after: Duration
        package var description: String { "timed out after \(after) waiting for \(what); check it in the AWS console, then run the command again" }
    }

    /// Calls `check` until it returns a value; `nil` means "not yet".
    package func wait<T>(for what: String, _ check: () async throws -> T?) async throws -> T {
        let deadline = clock.now.advanced(by: timeout)
        var delay = initialDelay
        while true {
            if let value = try await check() { return value }
            guard clock.now.advanced(by: delay) < deadline else { throw TimedOut(what: what, after: timeout) }
            try await clock.sleep(for: delay)
            delay = min(delay * 2, maxDelay)
        }
    }
}
