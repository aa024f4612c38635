import Foundation
import HoistEngine

/// Ctrl-C during a deploy or destroy. The first asks the engine to stop between steps, so what AWS did and
/// what the state file says stay the same and the next run carries on; a second quits at once (the state lock
/// goes with the process).
enum StopOnInterrupt {
    /// Runs `body` with Ctrl-C handled so; the default handling is back once it returns.
    static func during<T>(_ engine: Engine<ContinuousClock>, _ body: () async throws -> T) async throws -> T {
        let stop = engine.stop
        let events = engine.events
        return try await SignalArrivals.watching([SIGINT]) { arrivals in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in arrivals {
                        if stop.isRequested { exit(130) }
                        stop.request()
                        events(.stopping)
                    }
                }
                defer { group.cancelAll() }
                return try await body()
            }
        }
    }
}
