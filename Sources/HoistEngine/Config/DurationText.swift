/// A duration as users write it, in hoist.yml and on the command line: a whole number and one unit, `30s`,
/// `5m`, `2h` or `1d`. One grammar for every place that takes one (`--since`, `--bake`, `domain_wait`,
/// `HOIST_BUILD_TIMEOUT`), so what works in one works in all.
package enum DurationText {
    static let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]

    /// `text` in whole seconds: `nil` unless it is a count of one unit that is at least `minimum` seconds and
    /// at most `maximum`. Counts too large for an Int64 are `nil`, never a trap.
    package static func seconds(_ text: String, minimum: Int64 = 1, maximum: Int64) -> Int64? {
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()) else { return nil }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: unit)
        guard !overflow, seconds >= minimum, seconds <= maximum else { return nil }
        return seconds
    }
}
