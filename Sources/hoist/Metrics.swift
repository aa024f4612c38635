import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// One screen of how an environment is doing, from CloudWatch and the function's log.
    struct Metrics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the environment's invocations, errors, throttles, durations, cold starts and the API's requests over a window.",
            discussion: """
                Counts come from CloudWatch; durations, cold starts and memory from the REPORT lines of the function's log (exact percentiles). \
                On a terminal each series gets a sparkline.

                Example: hoist metrics --env prod --since 24h
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Option(help: "From how long ago (30m, 2h, 1d) or from when (ISO 8601, e.g. 2026-11-28T09:00:00Z).")
        var since = "1h"
        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws { _ = try Self.window(since) }

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let (start, end) = try Self.window(since)
            let metrics = try await explained(context) { try await context.engine.metrics(start: start, end: end) }
            if json {
                try printJSON(metrics)
            } else {
                print(MetricsScreen(metrics: metrics, sparklines: isatty(1) != 0).text, terminator: "")
            }
        }
    }
}

extension Hoist.Metrics {
    /// `--since` as a window ending now, in seconds since 1970 (`hoist metrics` and `hoist cost`).
    static func window(_ since: String) throws -> (start: Double, end: Double) {
        let now = Date()
        guard let start = Hoist.Logs.start(since, now: now) else {
            throw ValidationError("--since '\(since)' is neither a duration (30m, 2h, 7d) nor an ISO 8601 time (2026-11-28T09:00:00Z)")
        }
        guard Double(start) / 1000 < now.timeIntervalSince1970 else { throw ValidationError("--since '\(since)' is in the future; give a time before now") }
        return (Double(start) / 1000, now.timeIntervalSince1970)
    }
}

/// `hoist metrics` as text: a line per figure, counts as whole numbers, milliseconds with one decimal.
struct MetricsScreen {
    var metrics: StackMetrics
    var sparklines: Bool

    var text: String {
        let function = metrics.function
        var lines = ["metrics of \(function.name) over \(Self.span(metrics.window.end - metrics.window.start)) (\(metrics.window.period) s per point)", ""]
        lines.append("function \(function.name)")
        lines.append(row("invocations", Self.count(function.invocations.total), function.invocations))
        lines.append(row("errors", Self.count(function.errors.total) + (function.errorRate.map { String(format: "  (%.2f%%)", $0 * 100) } ?? ""), function.errors))
        lines.append(row("throttles", Self.count(function.throttles.total), function.throttles))
        if let concurrency = function.maxConcurrency { lines.append(row("concurrency", "max \(Self.count(concurrency))")) }
        if let duration = function.duration {
            let source = "\(duration.count) REPORT line\(duration.count == 1 ? "" : "s")\(function.reportLinesCapped ? ", the first of more" : "")"
            lines.append(row("duration", "\(Self.percentiles(duration))  (\(source))"))
        } else {
            lines.append(row("duration", "no REPORT lines in the window"))
        }
        lines.append(row("cold starts", "\(function.coldStarts)" + (function.initDuration.map { "  init p50 \(Self.ms($0.p50))  max \(Self.ms($0.max))" } ?? "")))
        if let used = function.maxMemoryUsedMB {
            lines.append(row("memory", "max used \(used) MB" + (function.memorySizeMB.map { " of \($0) MB" } ?? "")))
        }
        if let api = metrics.api {
            lines += ["", "api \(api.id)"]
            lines.append(row("requests", Self.count(api.requests.total), api.requests))
            lines.append(row("4xx", Self.count(api.clientErrors.total), api.clientErrors))
            lines.append(row("5xx", Self.count(api.serverErrors.total), api.serverErrors))
            lines.append(row("latency", "p50 \(api.latencyP50.map(Self.ms) ?? "–")  p99 \(api.latencyP99.map(Self.ms) ?? "–")"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func row(_ label: String, _ value: String, _ series: StackMetrics.Series? = nil) -> String {
        let line = "  " + label.padding(toLength: 14, withPad: " ", startingAt: 0) + value
        guard sparklines, let series, series.total > 0 else { return line }
        return line.padding(toLength: max(line.count, 40), withPad: " ", startingAt: 0) + "  " + Self.sparkline(series.points)
    }

    /// One block per point, its height the point's share of the largest.
    static func sparkline(_ points: [Double]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█"), top = points.max() ?? 0
        guard top > 0 else { return "" }
        return String(points.map { blocks[min(blocks.count - 1, Int(($0 / top) * Double(blocks.count - 1)))] })
    }

    static func percentiles(_ distribution: StackMetrics.Distribution) -> String {
        "p50 \(ms(distribution.p50))  p90 \(ms(distribution.p90))  p99 \(ms(distribution.p99))  max \(ms(distribution.max))"
    }

    static func ms(_ value: Double) -> String { String(format: "%.1f ms", value) }

    /// Whole numbers with thousands grouped (2,500,000), others with one decimal.
    static func count(_ value: Double) -> String {
        guard value == value.rounded(), abs(value) < 1e15 else { return String(format: "%.1f", value) }
        let digits = String(Int(abs(value)))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    static func span(_ seconds: Double) -> String {
        switch seconds {
        case ..<3600: "\(Int((seconds / 60).rounded())) min"
        case ..<172_800: "\(Int((seconds / 3600).rounded())) h"
        default: "\(Int((seconds / 86400).rounded())) days"
        }
    }
}
