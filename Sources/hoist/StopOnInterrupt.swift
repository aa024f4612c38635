import Dispatch
import Foundation
import HoistEngine

/// Ctrl-C during a deploy or destroy. The first asks the engine to stop between steps, so what AWS did and
/// what the state file says stay the same and the next run carries on; a second quits at once (the state lock
/// goes with the process).
enum StopOnInterrupt {
    /// Runs `body` with Ctrl-C handled so; the default handling is back once it returns.
    static func during<T>(_ engine: Engine<ContinuousClock>, _ body: () async throws -> T) async throws -> T {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let stop = engine.stop
        let events = engine.events
        source.setEventHandler {
            if stop.isRequested { exit(130) }
            stop.request()
            events(.stopping)
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try await body()
    }
}
