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
        metricStat = MetricStat(
            metric: Metric(namespace: namespace, metricName: metricName, dimensions: dimensions.sorted { $0.key < $1.key }.map { Dimension(name: $0.key, value: $0.value) }),
            period: period, stat: stat)
    }

    enum CodingKeys: String, CodingKey { case id = "Id", metricStat = "MetricStat" }
}

package struct MetricStat: Encodable, Sendable {
    package var metric: Metric
    package var period: Int
    /// `Sum`, `Maximum`, `Average`, … or a percentile such as `p99`.
    package var stat: String
    enum CodingKeys: String, CodingKey { case metric = "Metric", period = "Period", stat = "Stat" }
}

package struct Metric: Encodable, Sendable {
    package var namespace: String
    package var metricName: String
    package var dimensions: [Dimension]
    enum CodingKeys: String, CodingKey { case namespace = "Namespace", metricName = "MetricName", dimensions = "Dimensions" }
}

package struct Dimension: Encodable, Sendable {
    package var name: String
    package var value: String
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

package enum CloudWatchError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) { self = .other(error) }

    /// The answer as AWS gave it (operation, status, code, request id).
    package var serviceError: AWSServiceError {
        switch self {
        case .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
