import AWSTransport
import Logging

/// The CloudWatch metrics operations hoist reads an environment's health with, one method per operation of
/// the 2010-08-01 model, over its JSON 1.0 protocol (`GraniteServiceVersion20100801.<Op>`; the model lists
/// `json` beside `smithy-rpc-v2-cbor` and `query`).
package struct CloudWatchClient: Sendable {
    /// `GetMetricData` takes at most this many queries per call (the model's `MetricDataQueries` max).
    package static let queriesPerCall = 500

    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    /// Every datapoint of `queries` between `start` and `end` (seconds since 1970), all pages merged per query id.
    package func metricData(_ queries: [MetricDataQuery], start: Double, end: Double, logger: Logger) async throws -> [String: MetricDataResult] {
        var results: [String: MetricDataResult] = [:]
        for first in stride(from: 0, to: queries.count, by: Self.queriesPerCall) {
            let batch = Array(queries[first..<min(first + Self.queriesPerCall, queries.count)])
            var nextToken: String?
            repeat {
                let page: GetMetricDataOutput = try await call(
                    "GetMetricData", GetMetricDataInput(metricDataQueries: batch, startTime: start, endTime: end, nextToken: nextToken, scanBy: "TimestampAscending"),
                    logger: logger)
                for result in page.metricDataResults ?? [] {
                    results[result.id, default: MetricDataResult(id: result.id)].append(result)
                }
                nextToken = page.nextToken
            } while nextToken != nil
        }
        return results
    }

    /// Makes or replaces the alarm of `alarm.alarmName`.
    package func putMetricAlarm(_ alarm: MetricAlarm, logger: Logger) async throws {
        let _: EmptyShape = try await call("PutMetricAlarm", alarm, logger: logger)
    }

    /// Every metric alarm whose name starts with `prefix`, every page.
    package func describeAlarms(prefix: String, logger: Logger) async throws -> [MetricAlarm] {
        var alarms: [MetricAlarm] = []
        var nextToken: String?
        repeat {
            let page: DescribeAlarmsOutput = try await call("DescribeAlarms", DescribeAlarmsInput(alarmNamePrefix: prefix, nextToken: nextToken), logger: logger)
            alarms += page.metricAlarms ?? []
            nextToken = page.nextToken
        } while nextToken != nil
        return alarms
    }

    package func deleteAlarms(_ names: [String], logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteAlarms", ["AlarmNames": names], logger: logger)
    }

    package func listTagsForResource(_ arn: String, logger: Logger) async throws -> [String: String] {
        let output: ListTagsOutput = try await call("ListTagsForResource", ["ResourceARN": arn], logger: logger)
        return Dictionary((output.tags ?? []).map { ($0.key, $0.value) }) { first, _ in first }
    }

    package func putDashboard(_ name: String, body: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("PutDashboard", ["DashboardName": name, "DashboardBody": body], logger: logger)
    }

    /// The dashboard's body (JSON text), or `nil` when there is none of that name.
    package func getDashboard(_ name: String, logger: Logger) async throws -> String? {
        do {
            let output: GetDashboardOutput = try await call("GetDashboard", ["DashboardName": name], logger: logger)
            return output.dashboardBody
        } catch CloudWatchError.notFound {
            return nil
        }
    }

    package func deleteDashboards(_ names: [String], logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteDashboards", ["DashboardNames": names], logger: logger)
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable & Sendable, logger: Logger) async throws -> Output {
        do {
            return try await client.json(.cloudWatch, operation, input, logger: logger)
        } catch let error as AWSServiceError {
            throw CloudWatchError(error)
        }
    }
}

package struct GetMetricDataInput: Encodable, Sendable {
    package var metricDataQueries: [MetricDataQuery]
    /// Seconds since 1970: the JSON protocols' timestamp.
    package var startTime: Double
    package var endTime: Double
    package var nextToken: String?
    package var scanBy: String?

    enum CodingKeys: String, CodingKey {
        case metricDataQueries = "MetricDataQueries", startTime = "StartTime", endTime = "EndTime", nextToken = "NextToken", scanBy = "ScanBy"
    }
}

/// One metric and statistic, summed up per `period` seconds.
package struct MetricDataQuery: Encodable, Sendable {
    package var id: String
    package var metricStat: MetricStat

    package init(id: String, namespace: String, metricName: String, dimensions: [String: String], period: Int, stat: String) {
        self.id = id
        metricStat = MetricStat(namespace: namespace, metricName: metricName, dimensions: dimensions, period: period, stat: stat)
    }

    enum CodingKeys: String, CodingKey { case id = "Id", metricStat = "MetricStat" }
}

package struct MetricStat: Codable, Sendable, Equatable {
    package var metric: Metric
    package var period: Int
    /// `Sum`, `Maximum`, `Average`, … or a percentile such as `p99`.
    package var stat: String

    package init(namespace: String, metricName: String, dimensions: [String: String], period: Int, stat: String) {
        metric = Metric(namespace: namespace, metricName: metricName, dimensions: dimensions.sorted { $0.key < $1.key }.map { Dimension(name: $0.key, value: $0.value) })
        self.period = period
        self.stat = stat
    }

    enum CodingKeys: String, CodingKey { case metric = "Metric", period = "Period", stat = "Stat" }
}

package struct Metric: Codable, Sendable, Equatable {
    package var namespace: String
    package var metricName: String
    package var dimensions: [Dimension]
    enum CodingKeys: String, CodingKey { case namespace = "Namespace", metricName = "MetricName", dimensions = "Dimensions" }
}

package struct Dimension: Codable, Sendable, Equatable {
    package var name: String
    package var value: String
    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
    enum CodingKeys: String, CodingKey { case name = "Name", value = "Value" }
}

struct GetMetricDataOutput: Decodable, Sendable {
    var metricDataResults: [MetricDataResult]?
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case metricDataResults = "MetricDataResults", nextToken = "NextToken" }
}

/// A query's datapoints: `timestamps` (seconds since 1970) and `values` pair up.
package struct MetricDataResult: Decodable, Sendable, Equatable {
    package var id: String
    package var timestamps: [Double] = []
    package var values: [Double] = []

    init(id: String) { self.id = id }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        timestamps = try container.decodeIfPresent([Double].self, forKey: .timestamps) ?? []
        values = try container.decodeIfPresent([Double].self, forKey: .values) ?? []
    }

    mutating func append(_ page: MetricDataResult) {
        timestamps += page.timestamps
        values += page.values
    }

    enum CodingKeys: String, CodingKey { case id = "Id", timestamps = "Timestamps", values = "Values" }
}

/// What `PutMetricAlarm` takes and `DescribeAlarms` gives: a metric (or metric math) alarm. `tags` go with the
/// put only.
package struct MetricAlarm: Codable, Sendable, Equatable {
    package var alarmName: String
    package var alarmArn: String?
    package var alarmDescription: String?
    package var okActions: [String]?
    package var alarmActions: [String]?
    package var metricName: String?
    package var namespace: String?
    package var statistic: String?
    package var extendedStatistic: String?
    package var dimensions: [Dimension]?
    package var period: Int?
    package var evaluationPeriods: Int
    package var threshold: Double
    package var comparisonOperator: String
    package var treatMissingData: String?
    package var metrics: [AlarmQuery]?
    package var stateValue: String?
    package var stateReason: String?
    package var tags: [Tag]?

    package init(
        alarmName: String, alarmDescription: String?, actions: [String], evaluationPeriods: Int, threshold: Double, comparisonOperator: String,
        treatMissingData: String, tags: [String: String]
    ) {
        self.alarmName = alarmName
        self.alarmDescription = alarmDescription
        okActions = actions
        alarmActions = actions
        self.evaluationPeriods = evaluationPeriods
        self.threshold = threshold
        self.comparisonOperator = comparisonOperator
        self.treatMissingData = treatMissingData
        self.tags = tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) }
    }

    enum CodingKeys: String, CodingKey {
        case alarmName = "AlarmName", alarmArn = "AlarmArn", alarmDescription = "AlarmDescription", okActions = "OKActions", alarmActions = "AlarmActions"
        case metricName = "MetricName", namespace = "Namespace", statistic = "Statistic", extendedStatistic = "ExtendedStatistic", dimensions = "Dimensions"
        case period = "Period", evaluationPeriods = "EvaluationPeriods", threshold = "Threshold", comparisonOperator = "ComparisonOperator"
        case treatMissingData = "TreatMissingData", metrics = "Metrics", stateValue = "StateValue", stateReason = "StateReason", tags = "Tags"
    }
}

/// One query of a metric-math alarm: a metric (`metricStat`) or an expression over the others.
package struct AlarmQuery: Codable, Sendable, Equatable {
    package var id: String
    package var metricStat: MetricStat?
    package var expression: String?
    package var returnData: Bool?

    package init(id: String, metricStat: MetricStat? = nil, expression: String? = nil, returnData: Bool) {
        self.id = id
        self.metricStat = metricStat
        self.expression = expression
        self.returnData = returnData
    }

    enum CodingKeys: String, CodingKey { case id = "Id", metricStat = "MetricStat", expression = "Expression", returnData = "ReturnData" }
}

package struct Tag: Codable, Sendable, Equatable {
    package var key: String
    package var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct DescribeAlarmsInput: Encodable, Sendable {
    var alarmNamePrefix: String
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case alarmNamePrefix = "AlarmNamePrefix", nextToken = "NextToken" }
}

struct DescribeAlarmsOutput: Decodable, Sendable {
    var metricAlarms: [MetricAlarm]?
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case metricAlarms = "MetricAlarms", nextToken = "NextToken" }
}

struct ListTagsOutput: Decodable, Sendable {
    var tags: [Tag]?
    enum CodingKeys: String, CodingKey { case tags = "Tags" }
}

struct GetDashboardOutput: Decodable, Sendable {
    var dashboardBody: String?
    enum CodingKeys: String, CodingKey { case dashboardBody = "DashboardBody" }
}

/// The CloudWatch error codes hoist acts on, spelled as the model's `error.code` (a missing dashboard is
/// `ResourceNotFound`).
package enum CloudWatchError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case notFound(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        self = ["ResourceNotFound", "ResourceNotFoundException"].contains(error.code) ? .notFound(error) : .other(error)
    }

    /// The answer as AWS gave it (operation, status, code, request id).
    package var serviceError: AWSServiceError {
        switch self {
        case .notFound(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
