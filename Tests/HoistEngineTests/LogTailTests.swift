import AWSLogs
import AWSSigV4
import HoistEngine
import HoistTestSupport
import Logging
import Synchronization
import Testing

/// How `hoist logs --follow` paces its polls, on a clock that records each pause and ends the follow after five.
@Suite("Log tail")
struct LogTailTests {
    /// Returns from each sleep at once, recording it; the sixth is a cancellation, as Ctrl-C would be.
    final class FivePauses: Clock, Sendable {
        typealias Instant = ContinuousClock.Instant
        private let pauses = Mutex<[Duration]>([])
        var now: Instant { ContinuousClock.now }
        var minimumResolution: Duration { .zero }
        var recorded: [Duration] { pauses.withLock { $0 } }
        func sleep(until deadline: Instant, tolerance: Duration?) async throws {
            let count = pauses.withLock { pauses in
                pauses.append(ContinuousClock.now.duration(to: deadline))
                return pauses.count
            }
            if count > 5 { throw CancellationError() }
        }
    }

    @Test("a poll that finds events is followed after the shortest pause; empty polls back off, doubling, to the longest")
    func backoff() async throws {
        try await withMotoServer { moto in
            _ = try await PythonScript.run(
                "Tests/HoistCLITests/log_events.py",
                arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "/aws/lambda/tail-dev", "one", "two"])
            let clock = FivePauses()
            let seen = Mutex<[String]>([])
            try await LogTail(logs: LogsClient(client: moto.client()), clock: clock, logger: Logger(label: "test"))
                .run(group: "/aws/lambda/tail-dev", since: 0, filter: nil, follow: true) { event in seen.withLock { $0.append(event.message) } }
            #expect(seen.withLock { $0 } == ["one", "two"], "each event once, however often polled")
            // Rounded to tenths: the recorded pause is measured from a little after the deadline was set.
            #expect(clock.recorded.prefix(5).map { ($0 / .milliseconds(100)).rounded() } == [10, 20, 40, 50, 50])
        }
    }
}
