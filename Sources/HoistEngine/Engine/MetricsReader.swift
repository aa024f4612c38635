import AWSCloudWatch
import AWSLogs
import Logging

/// Reads `StackMetrics`: one `GetMetricData` call for every series (and the API's latency percentiles over the
/// whole window), while the function's `REPORT` lines are read from its log.
package struct MetricsReader: Sendable {
    package var cloudWatch: CloudWatchClient
    package var logs: LogsClient
    package var logger: Logger

    /// Enough for exact percentiles of a busy hour without reading a day of a busy log: FilterLogEvents returns
    /// pages of at most 10,000 events (1 MB).
    package static let reportLineLimit = 50_000

    /// About this many points per series: a sparkline's width on a terminal.
    static let points = 60

    package init(cloudWatch: CloudWatchClient, logs: LogsClient, logger: Logger) {
        self.cloudWatch = cloudWatch
        self.logs = logs
        self.logger = logger
    }

    /// CloudWatch's periods are whole minutes (standard resolution): the smallest that gives at most `points`.
    static func period(start: Double, end: Double) -> Int {
        max(1, periods(start: start, end: end, of: Double(points) * 60)) * 60
    }

    /// How many `length`-second periods cover the window; a millisecond less, so an hour read as 3600.0004 s
    /// is still 60 minutes.
    static func periods(start: Double, end: Double, of length: Double) -> Int {
        Int(((end - start - 0.001) / length).rounded(.up))
    }

    package func read(function: String, logGroup: String, apiID: String?, start: Double, end: Double) async throws -> StackMetrics {
        let period = Self.period(start: start, end: end)
        let slots = max(1, Self.periods(start: start, end: end, of: Double(period)))
        // The whole window as one period, for the latency percentiles.
        let whole = slots * period
        let lambda = ["FunctionName": function]
        var queries = [
            MetricDataQuery(id: "invocations", namespace: "AWS/Lambda", metricName: "Invocations", dimensions: lambda, period: period, stat: "Sum"),
            MetricDataQuery(id: "errors", namespace: "AWS/Lambda", metricName: "Errors", dimensions: lambda, period: period, stat: "Sum"),
            MetricDataQuery(id: "throttles", namespace: "AWS/Lambda", metricName: "Throttles", dimensions: lambda, period: period, stat: "Sum"),
            MetricDataQuery(id: "concurrency", namespace: "AWS/Lambda", metricName: "ConcurrentExecutions", dimensions: lambda, period: period, stat: "Maximum"),
        ]
        if let apiID {
            let api = ["ApiId": apiID]
            queries += [
                MetricDataQuery(id: "requests", namespace: "AWS/ApiGateway", metricName: "Count", dimensions: api, period: period, stat: "Sum"),
                MetricDataQuery(id: "clientErrors", namespace: "AWS/ApiGateway", metricName: "4xx", dimensions: api, period: period, stat: "Sum"),
                MetricDataQuery(id: "serverErrors", namespace: "AWS/ApiGateway", metricName: "5xx", dimensions: api, period: period, stat: "Sum"),
                MetricDataQuery(id: "latencyP50", namespace: "AWS/ApiGateway", metricName: "Latency", dimensions: api, period: whole, stat: "p50"),
                MetricDataQuery(id: "latencyP99", namespace: "AWS/ApiGateway", metricName: "Latency", dimensions: api, period: whole, stat: "p99"),
            ]
        }
        async let data = cloudWatch.metricData(queries, start: start, end: end, logger: logger)
        async let reports = reportLines(logGroup, start: start, end: end)
        let (results, (lines, capped)) = try await (data, reports)

        func series(_ id: String) -> StackMetrics.Series {
            var points = [Double](repeating: 0, count: slots)
            if let result = results[id] {
                for (time, value) in zip(result.timestamps, result.values) {
                    let slot = Int((time - start) / Double(period))
                    if points.indices.contains(slot) { points[slot] += value }
                }
            }
            return StackMetrics.Series(total: points.reduce(0, +), points: points)
        }
        let invocations = series("invocations"), errors = series("errors")
        let inits = lines.compactMap(\.initDuration)
        let functionMetrics = StackMetrics.Function(
            name: function, invocations: invocations, errors: errors, errorRate: invocations.total > 0 ? errors.total / invocations.total : nil,
            throttles: series("throttles"), maxConcurrency: results["concurrency"]?.values.max(), duration: StackMetrics.Distribution(lines.map(\.duration)),
            coldStarts: inits.count, initDuration: StackMetrics.Distribution(inits), memorySizeMB: lines.last?.memorySize,
            maxMemoryUsedMB: lines.compactMap(\.maxMemoryUsed).max(), reportLines: lines.count, reportLinesCapped: capped)
        let apiMetrics = apiID.map { id in
            StackMetrics.API(
                id: id, requests: series("requests"), clientErrors: series("clientErrors"), serverErrors: series("serverErrors"),
                latencyP50: results["latencyP50"]?.values.first, latencyP99: results["latencyP99"]?.values.first)
        }
        return StackMetrics(window: StackMetrics.Window(start: start, end: end, period: period), function: functionMetrics, api: apiMetrics)
    }

    /// What the environment used over the window, for its cost: each metric summed over the whole window.
    func usage(function: String, apiID: String?, table: String, logGroups: [String], start: Double, end: Double) async throws -> StackUsage {
        let whole = max(1, Self.periods(start: start, end: end, of: 60)) * 60
        func sum(_ id: String, _ namespace: String, _ metric: String, _ dimensions: [String: String]) -> MetricDataQuery {
            MetricDataQuery(id: id, namespace: namespace, metricName: metric, dimensions: dimensions, period: whole, stat: "Sum")
        }
        var queries = [
            sum("invocations", "AWS/Lambda", "Invocations", ["FunctionName": function]), sum("duration", "AWS/Lambda", "Duration", ["FunctionName": function]),
            sum("reads", "AWS/DynamoDB", "ConsumedReadCapacityUnits", ["TableName": table]),
            sum("writes", "AWS/DynamoDB", "ConsumedWriteCapacityUnits", ["TableName": table]),
        ]
        if let apiID { queries.append(sum("requests", "AWS/ApiGateway", "Count", ["ApiId": apiID])) }
        for (index, group) in logGroups.enumerated() { queries.append(sum("logs\(index)", "AWS/Logs", "IncomingBytes", ["LogGroupName": group])) }
        let results = try await cloudWatch.metricData(queries, start: start, end: end, logger: logger)
        func total(_ id: String) -> Double { results[id]?.values.reduce(0, +) ?? 0 }
        return StackUsage(
            invocations: total("invocations"), durationMilliseconds: total("duration"), apiRequests: total("requests"), readRequestUnits: total("reads"),
            writeRequestUnits: total("writes"), logIngestedBytes: logGroups.indices.map { total("logs\($0)") }.reduce(0, +))
    }

    /// The window's REPORT lines, up to `reportLineLimit`; a missing log group (no invocation yet) has none.
    func reportLines(_ group: String, start: Double, end: Double) async throws -> ([ReportLine], Bool) {
        var lines: [ReportLine] = []
        var nextToken: String?
        repeat {
            let page: FilterLogEventsOutput
            do {
                page = try await logs.filterLogEvents(
                    FilterLogEventsInput(logGroupName: group, startTime: Int64(start * 1000), endTime: Int64(end * 1000), filterPattern: "REPORT", nextToken: nextToken),
                    logger: logger)
            } catch LogsError.resourceNotFound {
                return ([], false)
            }
            for event in page.events ?? [] {
                guard let line = event.message.flatMap(ReportLine.init) else { continue }
                guard lines.count < Self.reportLineLimit else { return (lines, true) }
                lines.append(line)
            }
            nextToken = page.nextToken
        } while nextToken != nil
        return (lines, false)
    }
}
