/// Shapes of the DynamoDB operations hoist and its function use, named as in the 2012-08-10 model
/// (lowerCamel here, PascalCase on the wire). Members hoist never sets or reads are left out.

/// Enums AWS may extend are open: an unknown value decodes instead of failing the whole answer.
/// (The standard library's coding of a `String`-backed `RawRepresentable` calls `init(rawValue:)`, which
/// cannot fail here.)
package struct TableStatus: RawRepresentable, Codable, Sendable, Hashable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let creating = TableStatus(rawValue: "CREATING")
    package static let updating = TableStatus(rawValue: "UPDATING")
    package static let deleting = TableStatus(rawValue: "DELETING")
    package static let active = TableStatus(rawValue: "ACTIVE")
}

package enum ScalarAttributeType: String, Codable, Sendable { case s = "S", n = "N", b = "B" }
package enum KeyType: String, Codable, Sendable { case hash = "HASH", range = "RANGE" }
package enum ProjectionType: String, Codable, Sendable { case all = "ALL", keysOnly = "KEYS_ONLY", include = "INCLUDE" }
package enum BillingMode: String, Codable, Sendable { case provisioned = "PROVISIONED", payPerRequest = "PAY_PER_REQUEST" }
package enum ReturnValue: String, Codable, Sendable { case none = "NONE", allOld = "ALL_OLD", updatedOld = "UPDATED_OLD", allNew = "ALL_NEW", updatedNew = "UPDATED_NEW" }

package struct AttributeDefinition: Codable, Sendable, Equatable {
    package var attributeName: String
    package var attributeType: ScalarAttributeType
    package init(attributeName: String, attributeType: ScalarAttributeType) {
        self.attributeName = attributeName
        self.attributeType = attributeType
    }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", attributeType = "AttributeType" }
}

package struct KeySchemaElement: Codable, Sendable, Equatable {
    package var attributeName: String
    package var keyType: KeyType
    package init(attributeName: String, keyType: KeyType) {
        self.attributeName = attributeName
        self.keyType = keyType
    }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", keyType = "KeyType" }
}

package struct Projection: Codable, Sendable, Equatable {
    package var projectionType: ProjectionType?
    package var nonKeyAttributes: [String]?
    package init(projectionType: ProjectionType?, nonKeyAttributes: [String]? = nil) {
        self.projectionType = projectionType
        self.nonKeyAttributes = nonKeyAttributes
    }
    enum CodingKeys: String, CodingKey { case projectionType = "ProjectionType", nonKeyAttributes = "NonKeyAttributes" }
}

package struct GlobalSecondaryIndex: Codable, Sendable, Equatable {
    package var indexName: String
    package var keySchema: [KeySchemaElement]
    package var projection: Projection
    package init(indexName: String, keySchema: [KeySchemaElement], projection: Projection) {
        self.indexName = indexName
        self.keySchema = keySchema
        self.projection = projection
    }
    enum CodingKeys: String, CodingKey { case indexName = "IndexName", keySchema = "KeySchema", projection = "Projection" }
}

package struct Tag: Codable, Sendable, Equatable {
    package var key: String
    package var value: String
    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

package struct CreateTableInput: Encodable, Sendable {
    package var tableName: String
    package var attributeDefinitions: [AttributeDefinition]
    package var keySchema: [KeySchemaElement]
    package var globalSecondaryIndexes: [GlobalSecondaryIndex]?
    package var billingMode: BillingMode
    package var tags: [Tag]?
    package var deletionProtectionEnabled: Bool?

    package init(
        tableName: String, attributeDefinitions: [AttributeDefinition], keySchema: [KeySchemaElement], globalSecondaryIndexes: [GlobalSecondaryIndex]? = nil,
        billingMode: BillingMode, tags: [Tag]? = nil, deletionProtectionEnabled: Bool? = nil
    ) {
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.keySchema = keySchema
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.billingMode = billingMode
        self.tags = tags
        self.deletionProtectionEnabled = deletionProtectionEnabled
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", attributeDefinitions = "AttributeDefinitions", keySchema = "KeySchema"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes", billingMode = "BillingMode", tags = "Tags"
        case deletionProtectionEnabled = "DeletionProtectionEnabled"
    }
}

package struct BillingModeSummary: Decodable, Sendable, Equatable {
    package var billingMode: BillingMode?
    enum CodingKeys: String, CodingKey { case billingMode = "BillingMode" }
}

package struct GlobalSecondaryIndexDescription: Decodable, Sendable, Equatable {
    package var indexName: String
    package var keySchema: [KeySchemaElement]?
    package var projection: Projection?
    package var indexStatus: IndexStatus?
    enum CodingKeys: String, CodingKey { case indexName = "IndexName", keySchema = "KeySchema", projection = "Projection", indexStatus = "IndexStatus" }
}

package enum IndexStatus: String, Decodable, Sendable {
    case creating = "CREATING", updating = "UPDATING", deleting = "DELETING", active = "ACTIVE"
}

/// One change to a table's global secondary indexes; `UpdateTable` takes one per call.
package enum GlobalSecondaryIndexUpdate: Encodable, Sendable, Equatable {
    case create(GlobalSecondaryIndex)
    case delete(indexName: String)

    private enum CodingKeys: String, CodingKey { case create = "Create", delete = "Delete" }
    private enum DeleteKeys: String, CodingKey { case indexName = "IndexName" }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .create(let index):
            try container.encode(index, forKey: .create)
        case .delete(let indexName):
            var delete = container.nestedContainer(keyedBy: DeleteKeys.self, forKey: .delete)
            try delete.encode(indexName, forKey: .indexName)
        }
    }

    package var indexName: String {
        switch self {
        case .create(let index): index.indexName
        case .delete(let indexName): indexName
        }
    }
}

package struct TableDescription: Decodable, Sendable, Equatable {
    package var tableName: String
    package var tableArn: String?
    package var tableStatus: TableStatus?
    package var keySchema: [KeySchemaElement]?
    package var attributeDefinitions: [AttributeDefinition]?
    package var globalSecondaryIndexes: [GlobalSecondaryIndexDescription]?
    package var billingModeSummary: BillingModeSummary?
    package var deletionProtectionEnabled: Bool?
    /// What the table holds, as DynamoDB last measured it (about every six hours).
    package var tableSizeBytes: Int64?

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", tableArn = "TableArn", tableStatus = "TableStatus", keySchema = "KeySchema"
        case attributeDefinitions = "AttributeDefinitions", globalSecondaryIndexes = "GlobalSecondaryIndexes", billingModeSummary = "BillingModeSummary"
        case deletionProtectionEnabled = "DeletionProtectionEnabled", tableSizeBytes = "TableSizeBytes"
    }
}

package struct PutItemInput: Encodable, Sendable {
    package var tableName: String
    package var item: Item
    package var conditionExpression: String?
    package var expressionAttributeNames: [String: String]?
    package var expressionAttributeValues: Item?
    package init(tableName: String, item: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: Item? = nil) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
    }
    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", item = "Item", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
    }
}

package struct QueryInput: Encodable, Sendable {
    package var tableName: String
    package var indexName: String?
    package var keyConditionExpression: String
    package var expressionAttributeNames: [String: String]?
    package var expressionAttributeValues: Item?
    package var limit: Int?
    package var exclusiveStartKey: Item?
    package var scanIndexForward: Bool?
    package init(tableName: String, indexName: String? = nil, keyConditionExpression: String, expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: Item? = nil, limit: Int? = nil, exclusiveStartKey: Item? = nil, scanIndexForward: Bool? = nil) {
        self.tableName = tableName
        self.indexName = indexName
        self.keyConditionExpression = keyConditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.scanIndexForward = scanIndexForward
    }
    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", indexName = "IndexName", keyConditionExpression = "KeyConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues", limit = "Limit"
        case exclusiveStartKey = "ExclusiveStartKey", scanIndexForward = "ScanIndexForward"
    }
}

package struct QueryOutput: Decodable, Sendable {
    package var items: [Item]?
    package var count: Int?
    package var lastEvaluatedKey: Item?
    enum CodingKeys: String, CodingKey { case items = "Items", count = "Count", lastEvaluatedKey = "LastEvaluatedKey" }
}

package struct ScanInput: Encodable, Sendable {
    package var tableName: String
    package var limit: Int?
    package var exclusiveStartKey: Item?
    package var consistentRead: Bool?
    package init(tableName: String, limit: Int? = nil, exclusiveStartKey: Item? = nil, consistentRead: Bool? = nil) {
        self.tableName = tableName
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.consistentRead = consistentRead
    }
    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", limit = "Limit", exclusiveStartKey = "ExclusiveStartKey", consistentRead = "ConsistentRead"
    }
}

package struct UpdateItemInput: Encodable, Sendable {
    package var tableName: String
    package var key: Item
    package var updateExpression: String
    package var conditionExpression: String?
    package var expressionAttributeNames: [String: String]?
    package var expressionAttributeValues: Item?
    package var returnValues: ReturnValue?
    package init(tableName: String, key: Item, updateExpression: String, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: Item? = nil, returnValues: ReturnValue? = nil) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
    }
    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", updateExpression = "UpdateExpression", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues", returnValues = "ReturnValues"
    }
}

package struct DeleteItemInput: Encodable, Sendable {
    package var tableName: String
    package var key: Item
    package var conditionExpression: String?
    package var expressionAttributeNames: [String: String]?
    package var returnValues: ReturnValue?
    package init(tableName: String, key: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil, returnValues: ReturnValue? = nil) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.returnValues = returnValues
    }
    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", returnValues = "ReturnValues"
    }
}

/// `Attributes` of UpdateItem/DeleteItem answers, `Item` of GetItem answers.
package struct ItemOutput: Decodable, Sendable {
    package var item: Item?
    package var attributes: Item?
    enum CodingKeys: String, CodingKey { case item = "Item", attributes = "Attributes" }
}

struct TableNameInput: Encodable, Sendable {
    var tableName: String
    enum CodingKeys: String, CodingKey { case tableName = "TableName" }
}

struct TableOutput: Decodable, Sendable {
    var table: TableDescription?
    var tableDescription: TableDescription?
    enum CodingKeys: String, CodingKey { case table = "Table", tableDescription = "TableDescription" }
}

struct GetItemInput: Encodable, Sendable {
    var tableName: String
    var key: Item
    var consistentRead: Bool?
    enum CodingKeys: String, CodingKey { case tableName = "TableName", key = "Key", consistentRead = "ConsistentRead" }
}

struct UpdateTableInput: Encodable, Sendable {
    var tableName: String
    var billingMode: BillingMode?
    var attributeDefinitions: [AttributeDefinition]?
    var globalSecondaryIndexUpdates: [GlobalSecondaryIndexUpdate]?
    var deletionProtectionEnabled: Bool?
    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", billingMode = "BillingMode", attributeDefinitions = "AttributeDefinitions"
        case globalSecondaryIndexUpdates = "GlobalSecondaryIndexUpdates", deletionProtectionEnabled = "DeletionProtectionEnabled"
    }
}

struct UpdateContinuousBackupsInput: Encodable, Sendable {
    struct Specification: Encodable, Sendable {
        var pointInTimeRecoveryEnabled: Bool
        enum CodingKeys: String, CodingKey { case pointInTimeRecoveryEnabled = "PointInTimeRecoveryEnabled" }
    }
    var tableName: String
    var pointInTimeRecoverySpecification: Specification
    enum CodingKeys: String, CodingKey { case tableName = "TableName", pointInTimeRecoverySpecification = "PointInTimeRecoverySpecification" }
}

/// `DescribeContinuousBackups`' and `UpdateContinuousBackups`' answer.
struct ContinuousBackupsOutput: Decodable, Sendable {
    struct Description: Decodable, Sendable {
        struct PointInTimeRecovery: Decodable, Sendable {
            var pointInTimeRecoveryStatus: String?
            enum CodingKeys: String, CodingKey { case pointInTimeRecoveryStatus = "PointInTimeRecoveryStatus" }
        }
        var pointInTimeRecoveryDescription: PointInTimeRecovery?
        enum CodingKeys: String, CodingKey { case pointInTimeRecoveryDescription = "PointInTimeRecoveryDescription" }
    }
    var continuousBackupsDescription: Description?
    enum CodingKeys: String, CodingKey { case continuousBackupsDescription = "ContinuousBackupsDescription" }
}

struct ListTagsOfResourceInput: Encodable, Sendable {
    var resourceArn: String
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case resourceArn = "ResourceArn", nextToken = "NextToken" }
}

struct ListTagsOfResourceOutput: Decodable, Sendable {
    var tags: [Tag]?
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case tags = "Tags", nextToken = "NextToken" }
}
