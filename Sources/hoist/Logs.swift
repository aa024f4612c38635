import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// The function's log (or the API's access log), read or followed, without the AWS CLI.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the function's log events (or, with --api, the API's access log), one line each in local time.",
            discussion: "Example: hoist logs --env prod --since 1h --filter ERROR --follow")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "The API's access log instead of the function's log.")
        var api = false
        @Option(help: "From how long ago (30s, 10m, 2h, 1d) or from when (ISO 8601, e.g. 2026-11-28T09:00:00Z).")
        var since = "10m"
        @Option(help: "Only events matching this CloudWatch Logs filter pattern (a word matches events containing it).")
        var filter: String?
        @Flag(help: "Keep printing new events until Ctrl-C.")
        var follow = false
        @Flag(help: "One JSON object per event.")
        var json = false

        func validate() throws {
            guard Self.start(since, now: Date()) != nil else {
                throw ValidationError("--since '\(since)' is neither a duration (30s, 10m, 2h, 1d) nor an ISO 8601 time (2026-11-28T09:00:00Z)")
            }
        }

        /// `since` as milliseconds since 1970: `now` minus a duration, or an ISO 8601 time.
        static func start(_ since: String, now: Date) -> Int64? {
            if let seconds = DurationText.seconds(since, minimum: 0, maximum: Int64.max) {
                return milliseconds(now.timeIntervalSince1970 - Double(seconds))
            }
            let formatter = ISO8601DateFormatter()
            for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
                formatter.formatOptions = options
                if let date = formatter.date(from: since) { return milliseconds(date.timeIntervalSince1970) }
            }
            return nil
        }

        /// Seconds since 1970 as CloudWatch Logs' `startTime`: `nil` for what is no time at all (`infs`, `1e400d`),
        /// 0 for a start before 1970 (the API's minimum), so no input can trap the Int64 conversion.
        static func milliseconds(_ seconds: Double) -> Int64? {
            let milliseconds = seconds * 1000
            guard milliseconds.isFinite, milliseconds < 1e15 else { return nil }
            return Int64(max(0, milliseconds))
        }

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let logGroup = api ? context.spec.apiLogGroup : context.spec.functionLogGroup
            let tail = context.engine.logTail(clock: ContinuousClock())
            let start = Self.start(since, now: Date()) ?? 0
            let (filter, follow, json) = (filter, follow, json)
            do {
                try await explained(context) {
                    // Ctrl-C or SIGTERM end a follow: hoist exits 0.
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await tail.run(group: logGroup, since: start, filter: filter, follow: follow) { Self.write($0, json: json) } }
                        if follow { group.addTask { await Local.firstSignal([SIGINT, SIGTERM]) } }
                        defer { group.cancelAll() }
                        try await group.next()
                    }
                }
            } catch let missing as LogTail<ContinuousClock>.GroupMissing {
                throw HoistError.logGroupMissing(group: missing.group, environment: project.env)
            }
        }

        /// Writes the event as one line straight to standard output, unbuffered, so a follow shows it at once.
        static func write(_ event: LogTail<ContinuousClock>.Event, json: Bool) {
            let message = event.message.hasSuffix("\n") ? String(event.message.dropLast()) : event.message
            let line: String
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let fields = ["time": time(event.timestamp, in: TimeZone(identifier: "UTC") ?? .current, separator: "T") + "Z", "stream": event.stream, "message": message, "id": event.id]
                line = String(decoding: (try? encoder.encode(fields)) ?? Data(), as: UTF8.self)
            } else {
                line = "\(time(event.timestamp, in: .current, separator: " "))  \(message)"
            }
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }

        /// `yyyy-MM-dd HH:mm:ss.SSS` of a time in milliseconds since 1970.
        static func time(_ milliseconds: Int64, in zone: TimeZone, separator: String) -> String {
            let parts = Calendar(identifier: .gregorian).dateComponents(in: zone, from: Date(timeIntervalSince1970: Double(milliseconds / 1000)))
            let date = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            return date + separator + String(format: "%02d:%02d:%02d.%03d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, Int(milliseconds % 1000))
        }
    }
}
