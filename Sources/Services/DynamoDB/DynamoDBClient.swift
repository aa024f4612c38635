import AWSTransport
import Logging

/// The DynamoDB operations hoist (the table) and its function (the items) use, one method per operation of
/// the 2012-08-10 model (json 1.0, `DynamoDB_20120810.<Op>`).
package struct DynamoDBClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    package func createTable(_ input: CreateTableInput, logger: Logger) async throws -> TableDescription {
        let output: TableOutput = try await call("CreateTable", input, idempotent: false, logger: logger)
        return try Self.require(output.tableDescription, "CreateTable")
    }

    /// `nil` when the table does not exist.
    package func describeTable(_ tableName: String, logger: Logger) async throws -> TableDescription? {
        do {
            let output: TableOutput = try await call("DescribeTable", TableNameInput(tableName: tableName), logger: logger)
            return try Self.require(output.table, "DescribeTable")
        } catch DynamoDBError.resourceNotFound {
            return nil
        }
    }

    /// Switches the billing mode.
    package func updateTable(_ tableName: String, billingMode: BillingMode, logger: Logger) async throws -> TableDescription {
        let output: TableOutput = try await call("UpdateTable", UpdateTableInput(tableName: tableName, billingMode: billingMode), logger: logger)
        return try Self.require(output.tableDescription, "UpdateTable")
    }

    /// Adds or removes one global secondary index (one per call, as DynamoDB requires); `attributeDefinitions`
    /// must define the new index's key attributes.
    package func updateTable(
        _ tableName: String, indexUpdate: GlobalSecondaryIndexUpdate, attributeDefinitions: [AttributeDefinition], logger: Logger
    ) async throws -> TableDescription {
        let input = UpdateTableInput(tableName: tableName, attributeDefinitions: attributeDefinitions, globalSecondaryIndexUpdates: [indexUpdate])
        let output: TableOutput = try await call("UpdateTable", input, logger: logger)
        return try Self.require(output.tableDescription, "UpdateTable")
    }

    /// Turns deletion protection on or off: DynamoDB refuses to delete a protected table.
    package func updateTable(_ tableName: String, deletionProtectionEnabled: Bool, logger: Logger) async throws -> TableDescription {
        let output: TableOutput = try await call(
            "UpdateTable", UpdateTableInput(tableName: tableName, deletionProtectionEnabled: deletionProtectionEnabled), logger: logger)
        return try Self.require(output.tableDescription, "UpdateTable")
    }

    /// Whether point-in-time recovery is on; `nil` when the table does not exist.
    package func describeContinuousBackups(_ tableName: String, logger: Logger) async throws -> Bool? {
        do {
            let output: ContinuousBackupsOutput = try await call("DescribeContinuousBackups", TableNameInput(tableName: tableName), logger: logger)
            return output.continuousBackupsDescription?.pointInTimeRecoveryDescription?.pointInTimeRecoveryStatus == "ENABLED"
        } catch DynamoDBError.tableNotFound {
            return nil
        }
    }

    /// Turns point-in-time recovery on or off.
    package func updateContinuousBackups(_ tableName: String, pointInTimeRecoveryEnabled: Bool, logger: Logger) async throws {
        let input = UpdateContinuousBackupsInput(tableName: tableName, pointInTimeRecoverySpecification: .init(pointInTimeRecoveryEnabled: pointInTimeRecoveryEnabled))
        let _: ContinuousBackupsOutput = try await call("UpdateContinuousBackups", input, logger: logger)
    }

    package func deleteTable(_ tableName: String, logger: Logger) async throws {
        let _: TableOutput = try await call("DeleteTable", TableNameInput(tableName: tableName), logger: logger)
    }

    package func putItem(_ input: PutItemInput, logger: Logger) async throws {
        let _: ItemOutput = try await call("PutItem", input, logger: logger)
    }

    /// The item, or `nil` when there is none with this key.
    package func getItem(_ tableName: String, key: Item, consistentRead: Bool = false, logger: Logger) async throws -> Item? {
        let output: ItemOutput = try await call("GetItem", GetItemInput(tableName: tableName, key: key, consistentRead: consistentRead), logger: logger)
        return output.item
    }

    package func query(_ input: QueryInput, logger: Logger) async throws -> QueryOutput {
        try await call("Query", input, logger: logger)
    }

    /// A page of the whole table; its answer has the shape of Query's (`Items`, `Count`, `LastEvaluatedKey`).
    package func scan(_ input: ScanInput, logger: Logger) async throws -> QueryOutput {
        try await call("Scan", input, logger: logger)
    }

    /// The item's attributes as `returnValues` asks.
    package func updateItem(_ input: UpdateItemInput, logger: Logger) async throws -> Item? {
        let output: ItemOutput = try await call("UpdateItem", input, logger: logger)
        return output.attributes
    }

    /// The deleted item's attributes as `returnValues` asks.
    package func deleteItem(_ input: DeleteItemInput, logger: Logger) async throws -> Item? {
        let output: ItemOutput = try await call("DeleteItem", input, logger: logger)
        return output.attributes
    }

    /// Every tag of the table (or index) `arn`, every page.
    package func listTagsOfResource(_ arn: String, logger: Logger) async throws -> [String: String] {
        var tags: [String: String] = [:]
        var nextToken: String?
        repeat {
            let page: ListTagsOfResourceOutput = try await call("ListTagsOfResource", ListTagsOfResourceInput(resourceArn: arn, nextToken: nextToken), logger: logger)
            for tag in page.tags ?? [] { tags[tag.key] = tag.value }
            nextToken = page.nextToken
        } while nextToken != nil
        return tags
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable & Sendable, idempotent: Bool = true, logger: Logger) async throws -> Output {
        do {
            return try await client.json(.dynamoDB, operation, input, idempotent: idempotent, logger: logger)
        } catch let error as AWSServiceError {
            throw DynamoDBError(error)
        }
    }

    private static func require(_ table: TableDescription?, _ operation: String) throws -> TableDescription {
        guard let table else {
            throw DynamoDBError.other(AWSServiceError(service: "dynamodb", operation: operation, code: "MissingTable", message: "the answer had no table", status: 200, requestID: nil))
        }
        return table
    }
}

/// The DynamoDB error codes hoist and the function act on.
package enum DynamoDBError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case resourceNotFound(AWSServiceError)
    case resourceInUse(AWSServiceError)
    case conditionalCheckFailed(AWSServiceError)
    /// The continuous-backups operations' "no such table" (`TableNotFoundException`, not ResourceNotFound).
    case tableNotFound(AWSServiceError)
    /// Continuous backups are still being turned on for a new table: try again shortly.
    case continuousBackupsUnavailable(AWSServiceError)
    /// The request itself is wrong (an item over 400 KB, an attribute nested too deep): a client error.
    case validation(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "ResourceNotFoundException": self = .resourceNotFound(error)
        case "ResourceInUseException": self = .resourceInUse(error)
        case "ConditionalCheckFailedException": self = .conditionalCheckFailed(error)
        case "TableNotFoundException": self = .tableNotFound(error)
        case "ContinuousBackupsUnavailableException": self = .continuousBackupsUnavailable(error)
        case "ValidationException": self = .validation(error)
        default: self = .other(error)
        }
    }

    /// The answer as AWS gave it (operation, status, code, request id), whichever case it became.
    package var serviceError: AWSServiceError {
        switch self {
        case .resourceNotFound(let error), .resourceInUse(let error), .conditionalCheckFailed(let error), .tableNotFound(let error),
            .continuousBackupsUnavailable(let error), .validation(let error), .other(let error):
            error
        }
    }

    package var description: String { serviceError.description }
}
