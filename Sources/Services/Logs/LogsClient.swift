import AWSTransport
import Logging

/// The CloudWatch Logs operations hoist uses for the function's and the API's log groups, one method per
/// operation of the 2014-03-28 model (json 1.1, `Logs_20140328.<Op>`).
package struct LogsClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    package func createLogGroup(_ input: CreateLogGroupInput, logger: Logger) async throws {
        let _: EmptyShape = try await call("CreateLogGroup", input, idempotent: false, logger: logger)
    }

    /// One page of log groups whose names start with `prefix`.
    package func describeLogGroups(prefix: String? = nil, nextToken: String? = nil, logger: Logger) async throws -> DescribeLogGroupsOutput {
        try await call("DescribeLogGroups", DescribeLogGroupsInput(logGroupNamePrefix: prefix, nextToken: nextToken), logger: logger)
    }

    /// The log group called exactly `name`, or `nil`.
    package func logGroup(named name: String, logger: Logger) async throws -> LogGroup? {
        var nextToken: String?
        repeat {
            let page = try await describeLogGroups(prefix: name, nextToken: nextToken, logger: logger)
            if let match = page.logGroups?.first(where: { $0.logGroupName == name }) { return match }
            nextToken = page.nextToken
        } while nextToken != nil
        return nil
    }

    package func putRetentionPolicy(_ logGroupName: String, retentionInDays: Int, logger: Logger) async throws {
        let _: EmptyShape = try await call("PutRetentionPolicy", PutRetentionPolicyInput(logGroupName: logGroupName, retentionInDays: retentionInDays), logger: logger)
    }

    package func deleteLogGroup(_ logGroupName: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteLogGroup", LogGroupNameInput(logGroupName: logGroupName), logger: logger)
    }

    /// One page of a group's events from `startTime` (milliseconds since 1970), every stream interleaved in
    /// time order, matching `filterPattern` when given.
    package func filterLogEvents(_ input: FilterLogEventsInput, logger: Logger) async throws -> FilterLogEventsOutput {
        try await call("FilterLogEvents", input, logger: logger)
    }

    /// The tags of a log group, by its ARN without the `:*` suffix (`LogGroup.logGroupArn`).
    package func listTagsForResource(_ arn: String, logger: Logger) async throws -> [String: String] {
        let output: ListTagsForResourceOutput = try await call("ListTagsForResource", ListTagsForResourceInput(resourceArn: arn), logger: logger)
        return output.tags ?? [:]
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable & Sendable, idempotent: Bool = true, logger: Logger) async throws -> Output {
        do {
            return try await client.json(.logs, operation, input, idempotent: idempotent, logger: logger)
        } catch let error as AWSServiceError {
            throw LogsError(error)
        }
    }
}

package struct CreateLogGroupInput: Encodable, Sendable {
    package var logGroupName: String
    package var tags: [String: String]?
    package init(logGroupName: String, tags: [String: String]? = nil) {
        self.logGroupName = logGroupName
        self.tags = tags
    }
}

struct DescribeLogGroupsInput: Encodable, Sendable {
    var logGroupNamePrefix: String?
    var nextToken: String?
}

package struct DescribeLogGroupsOutput: Decodable, Sendable {
    package var logGroups: [LogGroup]?
    package var nextToken: String?
}

package struct LogGroup: Decodable, Sendable, Equatable {
    package var logGroupName: String
    /// `arn:…:log-group:NAME:*`, the form `DescribeLogGroups` has always returned.
    package var arn: String?
    /// `arn:…:log-group:NAME`, the form tagging and access-log destinations take.
    package var logGroupArn: String?
    package var retentionInDays: Int?
    /// What the group stores, as CloudWatch Logs last measured it.
    package var storedBytes: Int64?
}

package struct FilterLogEventsInput: Encodable, Sendable {
    package var logGroupName: String
    package var startTime: Int64?
    /// Milliseconds since 1970; events at or after it are left out.
    package var endTime: Int64?
    package var filterPattern: String?
    package var nextToken: String?
    package init(logGroupName: String, startTime: Int64? = nil, endTime: Int64? = nil, filterPattern: String? = nil, nextToken: String? = nil) {
        self.logGroupName = logGroupName
        self.startTime = startTime
        self.endTime = endTime
        self.filterPattern = filterPattern
        self.nextToken = nextToken
    }
}

package struct FilterLogEventsOutput: Decodable, Sendable {
    package var events: [FilteredLogEvent]?
    package var nextToken: String?
}

package struct FilteredLogEvent: Decodable, Sendable, Equatable {
    package var logStreamName: String?
    /// Milliseconds since 1970.
    package var timestamp: Int64?
    package var message: String?
    package var eventId: String?
}

struct PutRetentionPolicyInput: Encodable, Sendable {
    var logGroupName: String
    var retentionInDays: Int
}

struct LogGroupNameInput: Encodable, Sendable {
    var logGroupName: String
}

/// The CloudWatch Logs error codes hoist acts on.
package enum LogsError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case resourceNotFound(AWSServiceError)
    case resourceAlreadyExists(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "ResourceNotFoundException": self = .resourceNotFound(error)
        case "ResourceAlreadyExistsException": self = .resourceAlreadyExists(error)
        default: self = .other(error)
        }
    }

    /// The answer as AWS gave it (operation, status, code, request id), whichever case it became.
    package var serviceError: AWSServiceError {
        switch self {
        case .resourceNotFound(let error), .resourceAlreadyExists(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}

struct ListTagsForResourceInput: Encodable, Sendable {
    var resourceArn: String
}

struct ListTagsForResourceOutput: Decodable, Sendable {
    var tags: [String: String]?
}
