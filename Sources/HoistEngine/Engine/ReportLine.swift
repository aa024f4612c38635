import Foundation

/// Lambda's `REPORT` line, written to the function's log after every invocation:
/// `REPORT RequestId: … Duration: 2.56 ms Billed Duration: 3 ms Memory Size: 128 MB Max Memory Used: 38 MB`,
/// tab-separated, with `Init Duration: 120.43 ms` after a cold start
/// (docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html). It is the only place each
/// invocation's duration and memory are kept, so the exact percentiles come from it.
package struct ReportLine: Sendable, Equatable {
    /// Milliseconds.
    package var duration: Double
    /// Milliseconds; only after a cold start.
    package var initDuration: Double?
    /// Megabytes.
    package var memorySize: Int?
    package var maxMemoryUsed: Int?

    /// `nil` for any other line.
    package init?(_ line: String) {
        guard line.hasPrefix("REPORT RequestId: ") else { return nil }
        var fields: [Substring: Substring] = [:]
        for field in line.split(separator: "\t") {
            guard let colon = field.firstIndex(of: ":") else { continue }
            let value = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[field[..<colon].drop { $0 == " " }] = Substring(value.split(separator: " ").first ?? "")
        }
        guard let duration = fields["Duration"].flatMap({ Double($0) }) else { return nil }
        self.duration = duration
        initDuration = fields["Init Duration"].flatMap { Double($0) }
        memorySize = fields["Memory Size"].flatMap { Int($0) }
        maxMemoryUsed = fields["Max Memory Used"].flatMap { Int($0) }
    }
}
