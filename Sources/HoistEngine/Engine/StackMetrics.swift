/// How an environment did over a window: the function's invocations, errors, throttles and concurrency and the
/// API's requests, client and server errors and latency from CloudWatch, in totals and per period; the
/// function's durations, cold starts and memory from the `REPORT` lines of its log. `hoist metrics` renders it.
package struct StackMetrics: Sendable, Encodable, Equatable {
    package struct Window: Sendable, Encodable, Equatable {
        /// Seconds since 1970.
        package var start: Double
        package var end: Double
        /// Seconds per point of each series.
        package var period: Int
    }

    /// A count per period, oldest first, every period of the window present (0 where CloudWatch had none).
    package struct Series: Sendable, Encodable, Equatable {
        package var total: Double
        package var points: [Double]
    }

    /// Nearest-rank percentiles of a set of milliseconds.
    package struct Distribution: Sendable, Encodable, Equatable {
        package var count: Int
        package var p50: Double
        package var p90: Double
        package var p99: Double
        package var max: Double

        package init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            func rank(_ percent: Double) -> Double { sorted[Swift.max(0, Int((percent / 100 * Double(sorted.count)).rounded(.up)) - 1)] }
            (count, p50, p90, p99, max) = (sorted.count, rank(50), rank(90), rank(99), sorted[sorted.count - 1])
        }
    }

    package struct Function: Sendable, Encodable, Equatable {
        package var name: String
        package var invocations: Series
        package var errors: Series
        /// Errors per invocation; `nil` without invocations.
        package var errorRate: Double?
        package var throttles: Series
        package var maxConcurrency: Double?
        /// From the REPORT lines.
        package var duration: Distribution?
        package var coldStarts: Int
        package var initDuration: Distribution?
        package var memorySizeMB: Int?
        package var maxMemoryUsedMB: Int?
        package var reportLines: Int
        /// More REPORT lines than `MetricsReader.reportLineLimit` were in the window: the figures above are of the
        /// first ones.
        package var reportLinesCapped: Bool
    }

    package struct API: Sendable, Encodable, Equatable {
        package var id: String
        package var requests: Series
        package var clientErrors: Series
        package var serverErrors: Series
        /// Milliseconds over the window, as CloudWatch computes them; `nil` where it has none.
        package var latencyP50: Double?
        package var latencyP99: Double?
    }

    package var window: Window
    package var function: Function
    /// `nil` when the state names no API.
    package var api: API?
}
