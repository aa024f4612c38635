import AWSDynamoDB
import HoistTestSupport
import Logging
import Testing

@Suite("DynamoDB against moto")
struct DynamoDBTests {
    let logger = Logger(label: "test")

    static let table = CreateTableInput(
        tableName: "api-dev-table",
        attributeDefinitions: [
            .init(attributeName: "pk", attributeType: .s), .init(attributeName: "sk", attributeType: .s),
            .init(attributeName: "gsi1pk", attributeType: .s), .init(attributeName: "gsi1sk", attributeType: .s),
        ],
        keySchema: [.init(attributeName: "pk", keyType: .hash), .init(attributeName: "sk", keyType: .range)],
        globalSecondaryIndexes: [
            .init(
                indexName: "gsi1", keySchema: [.init(attributeName: "gsi1pk", keyType: .hash), .init(attributeName: "gsi1sk", keyType: .range)],
                projection: .init(projectionType: .all))
        ],
        billingMode: .payPerRequest,
        tags: [.init(key: "hoist:project", value: "api")])

    @Test("every table operation hoist uses")
    func tableLifecycle() async throws {
        try await withMotoServer { moto in
            let dynamo = DynamoDBClient(client: moto.client())
            #expect(try await dynamo.describeTable("api-dev-table", logger: logger) == nil)
            let created = try await dynamo.createTable(Self.table, logger: logger)
            #expect(created.tableArn == "arn:aws:dynamodb:us-east-1:\(moto.accountID):table/api-dev-table")
            await #expect {
                try await dynamo.createTable(Self.table, logger: logger)
            } throws: { error in
                if case .resourceInUse = error as? DynamoDBError { true } else { false }
            }
            let described = try #require(try await dynamo.describeTable("api-dev-table", logger: logger))
            #expect(described.tableStatus == .active)
            #expect(described.billingModeSummary?.billingMode == .payPerRequest)
            #expect(described.globalSecondaryIndexes?.map(\.indexName) == ["gsi1"])
            #expect(described.keySchema == Self.table.keySchema)

            let updated = try await dynamo.updateTable("api-dev-table", billingMode: .provisioned, logger: logger)
            #expect(updated.tableName == "api-dev-table")

            try await dynamo.deleteTable("api-dev-table", logger: logger)
            #expect(try await dynamo.describeTable("api-dev-table", logger: logger) == nil)
        }
    }

    @Test("every item operation the function uses")
    func items() async throws {
        try await withMotoServer { moto in
            let dynamo = DynamoDBClient(client: moto.client())
            _ = try await dynamo.createTable(Self.table, logger: logger)
            for index in 1...5 {
                try await dynamo.putItem(
                    PutItemInput(tableName: "api-dev-table", item: ["pk": .s("ITEM"), "sk": .s("id-\(index)"), "n": .n("\(index)"), "tags": .ss(["a", "b"])]),
                    logger: logger)
            }
            let key: Item = ["pk": .s("ITEM"), "sk": .s("id-3")]
            #expect(try await dynamo.getItem("api-dev-table", key: key, logger: logger)?["n"] == .n("3"))
            #expect(try await dynamo.getItem("api-dev-table", key: ["pk": .s("ITEM"), "sk": .s("missing")], logger: logger) == nil)

            var query = QueryInput(tableName: "api-dev-table", keyConditionExpression: "pk = :pk", expressionAttributeValues: [":pk": .s("ITEM")], limit: 2)
            let first = try await dynamo.query(query, logger: logger)
            #expect(first.items?.count == 2)
            let startKey = try #require(first.lastEvaluatedKey)
            query.exclusiveStartKey = startKey
            let second = try await dynamo.query(query, logger: logger)
            #expect(second.items?.compactMap { $0["sk"] } == [.s("id-3"), .s("id-4")])

            let after = try await dynamo.updateItem(
                UpdateItemInput(
                    tableName: "api-dev-table", key: key, updateExpression: "SET #name = :name", conditionExpression: "attribute_exists(pk)",
                    expressionAttributeNames: ["#name": "name"], expressionAttributeValues: [":name": .s("widget")], returnValues: .allNew),
                logger: logger)
            #expect(after?["name"] == .s("widget"))
            await #expect {
                try await dynamo.updateItem(
                    UpdateItemInput(
                        tableName: "api-dev-table", key: ["pk": .s("ITEM"), "sk": .s("missing")], updateExpression: "SET n = :n",
                        conditionExpression: "attribute_exists(pk)", expressionAttributeValues: [":n": .n("1")]),
                    logger: logger)
            } throws: { error in
                if case .conditionalCheckFailed = error as? DynamoDBError { true } else { false }
            }
            let deleted = try await dynamo.deleteItem(DeleteItemInput(tableName: "api-dev-table", key: key, returnValues: .allOld), logger: logger)
            #expect(deleted?["name"] == .s("widget"))
            #expect(try await dynamo.getItem("api-dev-table", key: key, logger: logger) == nil)
        }
    }
}
