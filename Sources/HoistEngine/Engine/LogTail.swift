import AWSLogs
import Logging

/// Reads a log group's events in time order, and, following, goes on reading what arrives, each event once.
///
/// Following polls `FilterLogEvents` from the time of the last event shown: again after `minimumInterval` while
/// events come, the pause doubling up to `maximumInterval` while none do (the AWS CLI's `logs tail --follow`
/// polls every 5 s). Events of the last instant already shown are known by their id, so none is shown twice.
package struct LogTail<C: Clock<Duration>>: Sendable {
    package var logs: LogsClient
    package var clock: C
    package var logger: Logger
    package var minimumInterval: Duration = .seconds(1)
    package var maximumInterval: Duration = .seconds(5)

    package init(logs: LogsClient, clock: C, logger: Logger) {
        self.logs = logs
        self.clock = clock
        self.logger = logger
    }

    package struct Event: Sendable, Equatable {
        /// Milliseconds since 1970.
        package var timestamp: Int64
        package var stream: String
        package var message: String
        package var id: String
    }

    /// The group does not exist (yet): its environment was not deployed, or was destroyed.
    package struct GroupMissing: Error, Equatable {
        package var group: String
    }

    /// Calls `emit` for each event from `start` (milliseconds since 1970) on, in time order; with `follow`, until
    /// the task is cancelled, which ends it without an error.
    package func run(group: String, since start: Int64, filter: String?, follow: Bool, emit: (Event) -> Void) async throws {
        var cursor = start
        var shownAtCursor: Set<String> = []
        var pause = minimumInterval
        while true {
            var shown = 0
            var nextToken: String?
            repeat {
                let page: FilterLogEventsOutput
                do {
                    page = try await logs.filterLogEvents(
                        FilterLogEventsInput(logGroupName: group, startTime: cursor, filterPattern: filter, nextToken: nextToken), logger: logger)
                } catch LogsError.resourceNotFound {
                    throw GroupMissing(group: group)
                }
                for event in page.events ?? [] {
                    guard let id = event.eventId, let time = event.timestamp, time > cursor || (time == cursor && !shownAtCursor.contains(id)) else { continue }
                    if time > cursor {
                        cursor = time
                        shownAtCursor = []
                    }
                    shownAtCursor.insert(id)
                    emit(Event(timestamp: time, stream: event.logStreamName ?? "", message: event.message ?? "", id: id))
                    shown += 1
                }
                nextToken = page.nextToken
            } while nextToken != nil
            guard follow else { return }
            pause = shown > 0 ? minimumInterval : min(pause * 2, maximumInterval)
            do {
                try await clock.sleep(for: pause)
            } catch is CancellationError {
                return
            }
        }
    }
}
