/// Polls a condition until it holds, at a short steady interval and within a deadline: the only code in the
/// engine that sleeps, and it takes the clock so tests need not.
///
/// Steady, not exponential: what hoist waits for (a role reaching Lambda, a function leaving Pending, a table
/// leaving CREATING) takes seconds, and AWS's reads for it are cheap, so a check every `interval` ends each wait
/// within that interval of the condition holding. Backing off to 5 s overshot each wait by up to 5 s; the
/// botocore V2 waiters poll every second for the same conditions. The interval runs from the start of one check
/// to the start of the next, so a slow check (a CreateFunction retried until its role reaches Lambda carries
/// the whole zip) is not followed by a full pause as well.
package struct Waiter<C: Clock<Duration>>: Sendable {
    package let clock: C
    /// The most one wait may take, per resource.
    package var timeout: Duration
    package var interval: Duration

    package init(clock: C, timeout: Duration = .seconds(300), interval: Duration = .milliseconds(250)) {
        self.clock = clock
        self.timeout = timeout
        self.interval = interval
    }

    package struct TimedOut: Error, CustomStringConvertible {
        package var what: String
        package var after: Duration
        package var description: String { "timed out after \(after) waiting for \(what); check it in the AWS console, then run the command again" }
    }

    /// Calls `check` until it returns a value; `nil` means "not yet".
    /// - Parameters:
    ///   - every: the pause between checks when not `interval` (a cheaper check may run more often).
    ///   - waiting: called once, before the first pause, so progress can say what is awaited.
    package func wait<T>(for what: String, every: Duration? = nil, waiting: (String) -> Void = { _ in }, _ check: () async throws -> T?) async throws -> T {
        let interval = every ?? interval
        let deadline = clock.now.advanced(by: timeout)
        var reported = false
        while true {
            let next = clock.now.advanced(by: interval)
            if let value = try await check() { return value }
            guard next < deadline else { throw TimedOut(what: what, after: timeout) }
            if !reported {
                waiting(what)
                reported = true
            }
            if clock.now < next { try await clock.sleep(until: next, tolerance: nil) }
        }
    }
}
